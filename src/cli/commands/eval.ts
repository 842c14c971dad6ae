import { Option, type Command } from "commander";
import { loadFileWithMetadata, type MeanStd } from "../../data/index.js";
import type { CliIO } from "../cli-io.js";
import { loadData } from "../train/dataset.js";
import { evaluate } from "../train/loop.js";
import { createModel, MODEL_KINDS, type ModelKind } from "../train/models.js";
import { dataOptions, integerAtLeast, modelOption, type EvalOptions } from "../train/options.js";
import { count } from "../train/progress.js";
import { UsageError } from "../usage-error.js";

const EXAMPLES = `
Examples:
  $ wengert train --model mlp --save mlp.safetensors
  $ wengert eval --model mlp --load mlp.safetensors

The file's metadata (written by wengert train) names the model, the dataset and the input
standardisation; --model, --synthetic and --data-dir override them.`;

/** Reads the normalisation a saved model was trained with, if the file records it. */
function normalizationOf(metadata: Record<string, string>): MeanStd | undefined {
  const mean = Number(metadata.normalization_mean);
  const std = Number(metadata.normalization_std);
  return metadata.normalization_mean !== undefined && Number.isFinite(mean) && std > 0 ? { mean, std } : undefined;
}

/** Registers `wengert eval`: the test accuracy of a model saved by `wengert train --save`. */
export function registerEval(program: Command, io: CliIO): void {
  const command = program
    .command("eval")
    .summary("test accuracy of a model saved by wengert train --save")
    .description("Loads a model's weights from a safetensors file and prints its loss and accuracy on the test split.")
    .addOption(modelOption())
    .addOption(new Option("-l, --load <file>", "the safetensors file written by wengert train --save").makeOptionMandatory())
    .addOption(new Option("-b, --batch-size <n>", "examples per evaluation batch").argParser(integerAtLeast(1)).default(1000))
    .addHelpText("after", EXAMPLES);
  for (const o of dataOptions()) command.addOption(o);
  command.action((opts: EvalOptions) => runEval(opts, io));
}

/** `wengert eval`: load the weights (and what the file says about them), evaluate on the test split. */
async function runEval(opts: EvalOptions, io: CliIO): Promise<void> {
  let contents;
  try {
    contents = await loadFileWithMetadata(opts.load);
  } catch (e) {
    throw new UsageError(`--load: ${(e as Error).message}`);
  }
  const { tensors, metadata } = contents;
  const saved = MODEL_KINDS.find((k) => k === metadata.model);
  if (opts.model !== undefined && saved !== undefined && opts.model !== saved)
    throw new UsageError(`--model ${opts.model}, but ${opts.load} was trained with --model ${saved}`);
  const kind: ModelKind | undefined = opts.model ?? saved;
  if (kind === undefined) throw new UsageError(`--model: ${opts.load} does not say which model it holds; pass --model ${MODEL_KINDS.join(" or ")}`);
  const model = createModel(kind);
  try {
    model.loadStateDict(tensors);
  } catch (e) {
    throw new UsageError(`--load ${opts.load}: ${(e as Error).message}`);
  }
  const synthetic = opts.synthetic === true || (opts.dataDir === undefined && metadata.dataset === "synthetic");
  const data = await loadData({ synthetic, dataDir: opts.dataDir, testSubset: opts.testSubset, seed: 0, normalization: normalizationOf(metadata) });
  const r = evaluate(model, data.test, opts.batchSize);
  io.stdout(`${kind.toUpperCase()} from ${opts.load} on ${data.description}: ${count(r.examples)} test examples\n`);
  io.stdout(`test loss ${r.loss.toFixed(4)}\ntest accuracy ${r.accuracy.toFixed(4)}\n`);
}
