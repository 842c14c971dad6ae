import { InvalidArgumentError, Option, type Command } from "commander";
import { writeFileSync } from "node:fs";
import { getBackend, getNumThreads, optim } from "../../index.js";
import { saveFile } from "../../data/index.js";
import type { CliIO } from "../cli-io.js";
import { prepareOutputPath } from "../output-path.js";
import { UsageError } from "../usage-error.js";
import { OptionalDependencyError } from "../../core/optional-dependency.js";
import { loadPlotting } from "../plot/line-chart.js";
import { loadData } from "../train/dataset.js";
import { trainModel, type EpochRecord } from "../train/loop.js";
import { createModel } from "../train/models.js";
import { createOptimizer, parseOptimizer, STEEPEST_NORMS } from "../train/optimizers.js";
import { dataOptions, integerAtLeast, modelOption, positiveNumber, type TrainOptions } from "../train/options.js";
import { clock, count, epochBar, silentBar } from "../train/progress.js";

/** Epochs when `--epochs` is not given. */
export const DEFAULT_EPOCHS = { mlp: 5, cnn: 3 } as const;

/** The optimizer when `--optimizer` is not given. */
export const DEFAULT_OPTIMIZER = { mlp: "adam", cnn: "muon" } as const;

const EXAMPLES = `
Examples:
  $ wengert train --model mlp --epochs 5                      # Fashion-MNIST, Adam: ≈ 0.89 test accuracy, about a minute
  $ wengert train --model cnn --save cnn.safetensors          # Muon, 3 epochs: ≈ 0.92, about 11 minutes on 2 cores
  $ wengert eval --model cnn --load cnn.safetensors
  $ wengert train --model mlp --optimizer steepest:spectral --subset 10000 --plot spectral.svg
  $ wengert train --synthetic --epochs 2                      # built-in shapes, no dataset needed

Optimizers: sgd (momentum 0.9, default lr 0.1), adam (lr 1e-3), muon (Muon on weight matrices,
lr 0.02, Adam on biases), steepest:<norm> (steepest descent, momentum 0.9, each tensor dualized on
its own) with <norm> one of:
${Object.entries(STEEPEST_NORMS)
  .map(([k, v]) => `  ${k.padEnd(11)} ${v.about} (default lr ${v.lr})`)
  .join("\n")}
The learning rate decays to 0 along a cosine (--schedule constant keeps it fixed).
Fashion-MNIST comes with the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).`;

const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;

/** The per-epoch summary line. */
export function epochLine(r: EpochRecord, epochs: number): string {
  return (
    `epoch ${r.epoch}/${epochs}  train loss ${r.trainLoss.toFixed(4)} acc ${r.trainAccuracy.toFixed(4)}` +
    ` | test loss ${r.testLoss.toFixed(4)} acc ${r.testAccuracy.toFixed(4)}` +
    ` | ${r.seconds.toFixed(1)} s, ${count(r.examplesPerSecond)} examples/s | peak RSS ${mb(r.peakRss)}`
  );
}

/** Runs `write` on a path checked before training; a failure now (a full disk) is a UsageError naming the option. */
async function writing(option: string, path: string, write: (absolute: string) => unknown): Promise<void> {
  const absolute = prepareOutputPath(option, path); // again: the folder may have gone during training
  try {
    await write(absolute);
  } catch (e) {
    throw new UsageError(`${option} ${path}: ${(e as Error).message}`);
  }
}

/** Registers `wengert train`: trains an MLP or a CNN on Fashion-MNIST with a progress bar and curves. */
export function registerTrain(program: Command, io: CliIO): void {
  const command = program
    .command("train")
    .summary("train an MLP or a CNN on Fashion-MNIST (progress bar, curves, safetensors)")
    .description(
      "Trains a model on Fashion-MNIST (or the built-in synthetic shapes) with minibatch cross-entropy: a progress bar per epoch (throughput, ETA, running loss and accuracy), a summary line per epoch with the test accuracy, the loss and accuracy curves as an SVG picture, and optionally the trained weights as a safetensors file.",
    )
    .addOption(modelOption("mlp"))
    .addOption(
      new Option("--optimizer <name>", `sgd, adam, muon or steepest:<norm> (see below; default ${DEFAULT_OPTIMIZER.mlp} for mlp, ${DEFAULT_OPTIMIZER.cnn} for cnn)`).argParser((v: string) => {
        try {
          return parseOptimizer(v).name;
        } catch (e) {
          throw new InvalidArgumentError((e as Error).message.replace(/^--optimizer: /, ""));
        }
      }),
    )
    .addOption(new Option("-e, --epochs <n>", `passes over the training data (default ${DEFAULT_EPOCHS.mlp} for mlp, ${DEFAULT_EPOCHS.cnn} for cnn)`).argParser(integerAtLeast(1)))
    .addOption(new Option("-b, --batch-size <n>", "examples per minibatch").argParser(integerAtLeast(1)).default(128))
    .addOption(new Option("--lr <rate>", "peak learning rate (default: the optimizer's, see below)").argParser(positiveNumber))
    .addOption(new Option("--schedule <schedule>", "learning-rate schedule").choices(["cosine", "constant"]).default("cosine"))
    .addOption(new Option("--subset <n>", "train on a random sample of n training examples").argParser(integerAtLeast(1)))
    .addOption(new Option("-s, --seed <n>", "seed of the initialisation, the shuffling and --subset").argParser(integerAtLeast(0)).default(0))
    .addOption(new Option("--save <file>", "write the trained weights to a safetensors file"))
    .addOption(new Option("--plot <file>", "where to write the loss and accuracy curves (SVG)").default("out/train-<model>.svg"))
    .addOption(new Option("--no-plot", "do not write the curves"))
    .addOption(new Option("--no-progress", "no progress bar (epoch lines only)"))
    .addHelpText("after", EXAMPLES);
  for (const o of dataOptions()) command.addOption(o);
  command.action((opts: TrainOptions, cmd: Command) => runTrain(opts, io, cmd.getOptionValueSource("plot") !== "default"));
}

/** Whether vega and vega-lite load; when not, a --plot the user asked for is a usage error, the default one a note. */
async function plottingAvailable(io: CliIO, asked: boolean): Promise<boolean> {
  try {
    await loadPlotting();
    return true;
  } catch (e) {
    if (!(e instanceof OptionalDependencyError)) throw e;
    if (asked) throw new UsageError(e.message.replace(/ \(loading failed:.*$/s, ""));
    io.stderr("not drawing the training curves: they need the optional packages vega and vega-lite (npm install vega vega-lite)\n");
    return false;
  }
}

/** `wengert train`: load the data, build the model and optimizer, train with a progress bar, report, save, plot. */
async function runTrain(opts: TrainOptions, io: CliIO, plotAsked: boolean): Promise<void> {
  const spec = parseOptimizer(opts.optimizer ?? DEFAULT_OPTIMIZER[opts.model]);
  const epochs = opts.epochs ?? DEFAULT_EPOCHS[opts.model];
  const lr = opts.lr ?? spec.defaultLr;
  // NOTE: output paths are checked (and their folders created) before the data loads, not after training.
  if (opts.save !== undefined) prepareOutputPath("--save", opts.save);
  if (opts.plot !== false) prepareOutputPath("--plot", opts.plot.replace("<model>", opts.model));
  // NOTE: without vega, an explicit --plot is an error before training; the default plot is skipped with a note.
  if (opts.plot !== false && !(await plottingAvailable(io, plotAsked))) opts = { ...opts, plot: false };
  const data = await loadData({ synthetic: opts.synthetic === true, dataDir: opts.dataDir, subset: opts.subset, testSubset: opts.testSubset, seed: opts.seed });
  const model = createModel(opts.model, opts.seed);
  const steps = Math.ceil(data.train.labels.shape[0]! / opts.batchSize) * epochs;
  const schedule = (peak: number) => (opts.schedule === "cosine" ? optim.schedules.cosine(peak, { totalSteps: steps }) : peak);
  const optimizer = createOptimizer(spec, model.parameters(), schedule(lr), schedule);
  const nTrain = data.train.labels.shape[0]!;
  io.stdout(
    `${opts.model.toUpperCase()} (${count(model.numParameters())} parameters) on ${data.description}: ${count(nTrain)} training and ${count(data.test.labels.shape[0]!)} test examples\n` +
      `${spec.name}, lr ${lr}${opts.schedule === "cosine" ? " (cosine decay)" : ""}, batch ${opts.batchSize}, ${epochs} epoch${epochs === 1 ? "" : "s"}, seed ${opts.seed}; ${getBackend().name} backend, ${getNumThreads()} thread${getNumThreads() === 1 ? "" : "s"}\n`,
  );
  const bar = opts.progress ? epochBar(epochs, io) : silentBar;
  const t0 = performance.now();
  // Ctrl-C: put the terminal back (the bar hides the cursor and line wrapping while it draws), then stop.
  const interrupted = (): void => {
    bar.stop();
    io.stderr("wengert: interrupted\n");
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  let history;
  try {
    history = await trainModel({
      model,
      optimizer,
      train: data.train,
      test: data.test,
      epochs,
      batchSize: opts.batchSize,
      seed: opts.seed,
      onEpochStart: (epoch, total) => bar.start(epoch, total),
      onBatch: (p) => bar.update(p),
      onEpochEnd: (r) => {
        bar.stop();
        io.stdout(`${epochLine(r, epochs)}\n`);
      },
    });
  } finally {
    process.removeListener("SIGINT", interrupted);
    bar.stop();
  }
  const last = history.epochs[history.epochs.length - 1]!;
  const seconds = (performance.now() - t0) / 1000;
  io.stdout(`test accuracy ${last.testAccuracy.toFixed(4)} after ${epochs} epoch${epochs === 1 ? "" : "s"} (${clock(seconds)})\n`);
  if (opts.save !== undefined) {
    const metadata = {
      format: "wengert",
      model: opts.model,
      dataset: data.name,
      normalization_mean: String(data.normalization.mean),
      normalization_std: String(data.normalization.std),
      optimizer: spec.name,
      lr: String(lr),
      epochs: String(epochs),
      batch_size: String(opts.batchSize),
      seed: String(opts.seed),
      test_accuracy: String(last.testAccuracy),
    };
    await writing("--save", opts.save, async (path) => saveFile(path, model, { metadata }));
    io.stdout(`saved: ${opts.save}\n`);
  }
  if (opts.plot !== false) {
    const path = opts.plot.replace("<model>", opts.model);
    const { trainingCurves } = await import("../train/curves.js"); // Vega loads only when a picture is drawn
    const svg = await trainingCurves(history, { title: `${opts.model.toUpperCase()} on ${data.name === "synthetic" ? "synthetic shapes" : "Fashion-MNIST"}, ${spec.name} lr ${lr}` });
    await writing("--plot", path, (p) => writeFileSync(p, svg));
    io.stdout(`curves: ${path}\n`);
  }
}
