// Mean softmax cross-entropy forward + backward on logits [batch, classes] (issue 8): the loss and
// its gradient softmax(z) − onehot(label), divided by the batch, float32.
import { errorText, randn } from "../harness.js";
import type { Peers } from "../peers/index.js";
import * as Wg from "../peers/wengert.js";
import { measureGroup, near, timedTable, timing, torchRow, unavailable, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

interface Spec {
  batch: number;
  classes: number;
}

interface Data {
  z: Float32Array;
  labels: Int32Array;
  onehot: Float32Array;
}

interface Impl {
  library: string;
  variant: string;
  role: "wengert" | "reference" | "peer";
  run: () => unknown;
  before?: () => unknown;
  /** The loss and the gradient wrt the logits. */
  full: () => { loss: number; grad: ArrayLike<number> };
}

function data({ batch, classes }: Spec): Data {
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % classes);
  const onehot = new Float32Array(batch * classes);
  labels.forEach((l, i) => (onehot[i * classes + l] = 1));
  return { z: randn(batch * classes, 2, 4), labels, onehot };
}

function wengert(s: Spec, d: Data, eager: boolean, compiled = false): Impl {
  const z = Wg.fromArray(d.z, [s.batch, s.classes]);
  const labels = Wg.tensor(d.labels, { shape: [s.batch] });
  if (eager) {
    const zg = Wg.tensor(d.z, { shape: [s.batch, s.classes], requiresGrad: true });
    const call = (): number => {
      zg.grad = null;
      const loss = Wg.crossEntropy(zg, labels);
      Wg.backward(loss);
      return loss.item();
    };
    return {
      library: "wengert",
      variant: "crossEntropy + backward() (eager)",
      role: "wengert",
      run: call,
      full: () => ({ loss: call(), grad: Wg.dataOf(zg.grad!) }),
    };
  }
  const vg0 = Wg.valueAndGrad((x: Wg.Tensor) => Wg.crossEntropy(x, labels));
  const vg = compiled ? Wg.compile(vg0) : vg0;
  const call = (): [Wg.Tensor, Wg.Tensor] => vg(z) as unknown as [Wg.Tensor, Wg.Tensor];
  return {
    library: "wengert",
    variant: compiled ? "compile(valueAndGrad(crossEntropy)), int32 labels" : "valueAndGrad(crossEntropy), int32 labels",
    role: "wengert",
    run: () => call()[0].item(),
    full: () => {
      const [v, g] = call();
      return { loss: v.item(), grad: Wg.dataOf(g) };
    },
  };
}

/** One pass for the maximum, one for the sum of exponentials, one for the gradient: what JS reaches with no library. */
function handwritten({ batch: B, classes: C }: Spec, d: Data): Impl {
  const g = new Float32Array(B * C);
  const z = d.z;
  const call = (): number => {
    let loss = 0;
    for (let i = 0; i < B; i++) {
      const o = i * C;
      let m = -Infinity;
      for (let j = 0; j < C; j++) m = Math.max(m, z[o + j]!);
      let s = 0;
      for (let j = 0; j < C; j++) s += Math.exp(z[o + j]! - m);
      const l = d.labels[i]!;
      loss += Math.log(s) + m - z[o + l]!;
      const inv = 1 / (s * B);
      for (let j = 0; j < C; j++) g[o + j] = Math.exp(z[o + j]! - m) * inv;
      g[o + l]! -= 1 / B;
    }
    return loss / B;
  };
  return { library: "JS loops", variant: "hand-written, 3 passes per row", role: "reference", run: call, full: () => ({ loss: call(), grad: g }) };
}

async function tfjs(peers: Peers, id: "tfjs-cpu" | "tfjs-wasm", s: Spec, d: Data): Promise<Impl> {
  const p = peers[id];
  if (!p.ok) throw new Error(p.reason);
  const { tf, use } = p.api;
  await use();
  const z = tf.tensor2d(d.z, [s.batch, s.classes]);
  const y = tf.tensor2d(d.onehot, [s.batch, s.classes]);
  const vg = tf.valueAndGrad((x: ReturnType<typeof tf.tensor2d>) => tf.losses.softmaxCrossEntropy(y, x) as ReturnType<typeof tf.scalar>);
  const call = (read: boolean): { loss: number; grad: ArrayLike<number> } => {
    const { value, grad } = vg(z);
    const r = { loss: value.dataSync()[0]!, grad: read ? grad.dataSync() : [] };
    value.dispose();
    grad.dispose();
    return r;
  };
  return {
    library: id,
    variant: "tf.valueAndGrad(tf.losses.softmaxCrossEntropy), one-hot labels",
    role: "peer",
    before: use,
    run: () => call(false).loss,
    full: () => call(true),
  };
}

function jaxjs(peers: Peers, jit: boolean, s: Spec, d: Data): Impl {
  const p = peers["jax-js"];
  if (!p.ok) throw new Error(p.reason);
  const { jax, np } = p.api;
  type A = ReturnType<typeof np.array>;
  const z = np.array(d.z).reshape([s.batch, s.classes]);
  const y = np.array(d.onehot).reshape([s.batch, s.classes]);
  const loss = (x: A, t: A): A => jax.nn.logSoftmax(x).mul(t).sum().mul(-1 / s.batch);
  const vg0 = jax.valueAndGrad(loss);
  const vg = jit ? jax.jit(vg0) : vg0;
  const call = (): [A, A] => vg(z.ref, y.ref) as unknown as [A, A];
  return {
    library: "jax-js",
    variant: jit ? "jit(valueAndGrad), one-hot labels" : "valueAndGrad (eager), one-hot labels",
    role: "peer",
    run: async () => {
      const [v, g] = call();
      await g.blockUntilReady();
      g.dispose();
      return v.dataSync()[0]!;
    },
    full: () => {
      const [v, g] = call();
      return { loss: v.dataSync()[0]!, grad: g.dataSync() };
    },
  };
}

const IMPLS = ["wengert", "wengert-eager", "wengert-compile", "js", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js-jit"] as const;

async function build(id: (typeof IMPLS)[number], peers: Peers, s: Spec, d: Data): Promise<Impl> {
  switch (id) {
    case "wengert":
      return wengert(s, d, false);
    case "wengert-eager":
      return wengert(s, d, true);
    case "wengert-compile":
      return wengert(s, d, false, true);
    case "js":
      return handwritten(s, d);
    case "tfjs-cpu":
    case "tfjs-wasm":
      return tfjs(peers, id, s, d);
    case "jax-js":
      return jaxjs(peers, false, s, d);
    case "jax-js-jit":
      return jaxjs(peers, true, s, d);
  }
}

/** Σ g[i]·((i mod 7) − 3) and Σ|g|: a wrong or permuted gradient changes them. */
function gradSums(g: ArrayLike<number>): [number, number] {
  let p = 0;
  let a = 0;
  for (let i = 0; i < g.length; i++) {
    p += g[i]! * ((i % 7) - 3);
    a += Math.abs(g[i]!);
  }
  return [p, a];
}

async function group(ctx: Ctx, s: Spec, notes: string[]): Promise<Row[]> {
  const g = `[${s.batch}, ${s.classes}]`;
  const d = data(s);
  const es: Entry[] = [];
  const skipped: Row[] = [];
  // The hand-written loops (float64 arithmetic) are the reference of the checks.
  const ref = handwritten(s, d).full();
  const [refProbe, refL1] = gradSums(ref.grad);
  const losses: string[] = [];
  for (const id of IMPLS) {
    try {
      const impl = await build(id, ctx.peers, s, d);
      await impl.before?.();
      const r = impl.full();
      const [probe, l1] = gradSums(r.grad);
      losses.push(`${id} ${r.loss.toFixed(5)}`);
      es.push({
        library: impl.library,
        variant: impl.variant,
        role: impl.role,
        run: impl.run,
        ...(impl.before ? { before: impl.before } : {}),
        check: () => {
          near("loss", r.loss, ref.loss, 1e-4);
          near("Σ|∂z|", l1, refL1, 1e-4);
          near("probe of ∂z (relative to Σ|∂z|)", probe / refL1, refProbe / refL1, 1e-4);
        },
      });
    } catch (e) {
      skipped.push(unavailable(g, id, errorText(e)));
    }
  }
  const metric = { name: "µs/call", of: (ms: number) => ms * 1000 };
  const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 4000, 5))), ...skipped];
  const t = torchRow(ctx, g, "F.cross_entropy + backward()", { case: "softmax-ce", batch: s.batch, classes: s.classes }, metric, rows[0], notes, (r) => {
    losses.push(`torch ${Number(r.loss).toFixed(5)}`);
    near("torch loss", Number(r.loss), ref.loss, 1e-4);
  });
  if (t) rows.push(t);
  notes.push(`${g}: loss ${losses.join(", ")} (hand-written, float64 arithmetic: ${ref.loss.toFixed(5)}).`);
  return rows;
}

/** Case `softmax-ce`: mean softmax cross-entropy forward + backward. */
export const softmaxCeCase: BenchCase = {
  id: "softmax-ce",
  title: "Softmax cross-entropy forward + backward, float32",
  async run(ctx) {
    const specs: Spec[] = ctx.quick
      ? [
          { batch: 128, classes: 10 },
          { batch: 128, classes: 1000 },
        ]
      : [
          { batch: 128, classes: 10 },
          { batch: 128, classes: 1000 },
          { batch: 1024, classes: 10 },
          { batch: 1024, classes: 1000 },
        ];
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const s of specs) rows.push(...(await Wg.oneThread(() => group(ctx, s, notes))));
    return {
      id: "softmax-ce",
      title: this.title,
      what:
        "µs per call (lower is better) of the mean softmax cross-entropy of logits [batch, classes] (N(0, 4) entries) and its gradient with respect to the logits, " +
        "loss read back, gradient complete. wengert takes int32 labels; tfjs and jax-js take one-hot targets (their APIs' form); the loss and the gradient's checksums agree with the hand-written loops. " +
        "wengert runs on one thread (setNumThreads(1)), as the JS peers. Ratios: wengert valueAndGrad time ÷ peer time; the compile row is the same function under compile, the counterpart of jax-js jit.",
      table: timedTable("logits", { name: "µs/call", of: (v) => v * 1000 }, rows),
      notes,
      raw: rows,
    };
  },
};
