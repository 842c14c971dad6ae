// (d) MLP training step: gradient of the softmax cross-entropy of a 784-256-10 MLP on a batch of
// 128 (issue 2), plus the anchors' 784-256-256-10 in a full run; ms per step.
import { errorText } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, measureGroup, timedTable, timing, unavailable, torchRow, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";
import { buildMlp, MLP_IMPLS, mlpFlops, type MlpSpec } from "./mlp-impls.js";

async function group(ctx: Ctx, spec: MlpSpec, notes: string[]): Promise<Row[]> {
  const g = `${spec.sizes.join("-")}, batch ${spec.batch}`;
  const es: Entry[] = [];
  const skipped: Row[] = [];
  const first = new Map<string, number>();
  for (const id of MLP_IMPLS) {
    try {
      const impl = await buildMlp(id, ctx.peers, spec);
      // First step: every implementation starts from the same weights, so the same loss.
      await impl.before?.();
      const loss0 = await impl.step();
      first.set(id, loss0);
      es.push({
        library: impl.library,
        variant: impl.variant,
        role: impl.role,
        run: impl.step,
        ...(impl.before ? { before: impl.before } : {}),
        check: () => {
          const ref = first.get("js"); // the hand-written loops
          if (ref !== undefined && !(Math.abs(loss0 - ref) <= 2e-3 * Math.abs(ref))) throw new Error(`first-step loss ${loss0}, hand-written ${ref}`);
        },
      });
    } catch (e) {
      skipped.push(unavailable(g, id, errorText(e)));
    }
  }
  notes.push(`${g}: first-step loss ${[...first].map(([k, l]) => `${k} ${l.toFixed(5)}`).join(", ")} (js-pytorch's ReLU is leaky).`);
  const metric = { name: "ms/step", of: (ms: number) => ms };
  const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 10000))), ...skipped];
  const t = torchRow(ctx, g, "backward() + SGD", { case: "mlp", sizes: spec.sizes.join(","), batch: spec.batch }, metric, rows[0], notes);
  if (t) rows.push(t);
  const w = rows[0]?.median;
  if (w) notes.push(`${g}: wengert ${fmt(w)} ms/step = ${fmt(mlpFlops(spec) / (w * 1e6))} GFLOP/s effective (${fmt(mlpFlops(spec) / 1e6)} MFLOP of matmul per step).`);
  return rows;
}

export const mlpCase: BenchCase = {
  id: "mlp",
  title: "(d) MLP training step: softmax cross-entropy gradient + SGD, float32",
  async run(ctx) {
    const specs: MlpSpec[] = ctx.quick
      ? [{ sizes: [784, 128, 10], batch: 32 }]
      : [
          { sizes: [784, 256, 10], batch: 128 },
          { sizes: [784, 256, 256, 10], batch: 128 },
        ];
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const s of specs) rows.push(...(await Wg.oneThread(() => group(ctx, s, notes))));
    return {
      id: "mlp",
      title: this.title,
      what:
        "ms per training step (lower is better): forward pass, gradient of the mean softmax cross-entropy with respect to all weights and biases, SGD update (lr 0.01), loss read back. " +
        "Identical data and initial weights in every library. wengert runs on one thread (setNumThreads(1)), as the JS peers and torch. Ratios: wengert time ÷ peer time.",
      table: timedTable("network", { name: "ms/step", of: (v) => v }, rows),
      notes,
      raw: rows,
    };
  },
};
