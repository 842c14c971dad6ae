// Training throughput of the two models `wengert train` trains (issues 6 and 8): the MLP
// 784-256-128-10 with BatchNorm1d and the CNN conv(1→16)-pool-relu-conv(16→32)-pool-relu-1568-128-10,
// batch 128 (the CLI's default), on Fashion-MNIST-shaped random data, with Adam (lr 1e-3) in every
// library and, for the CNN, also with the CLI's default Muon. wengert runs the CLI's own model
// classes and optimizer factory (src/cli/train/models.ts, optimizers.ts) and its loop body:
// forward, crossEntropy, zeroGrad, backward(), step, loss.item().
import { errorText, now, stats, uniform } from "../harness.js";
import type { Peers } from "../peers/index.js";
import * as Wg from "../peers/wengert.js";
import type * as ModelsModule from "../../src/cli/train/models.js";
import type * as OptimizersModule from "../../src/cli/train/optimizers.js";
import { permute4 } from "./conv.js";
import { fmt, measureGroup, near, timedTable, timing, torchRow, unavailable, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

type ModelKind = "mlp" | "cnn";
const LR = 1e-3;
const BETAS = [0.9, 0.999] as const;
const EPS = 1e-8;
const BN_EPS = 1e-5;
/** A contestant whose second step takes longer (a fifth with --quick) is not sampled further (tfjs-cpu's CNN: about a minute per step at batch 128). */
const SLOW_STEP_MS = 10_000;

/**
 * Parameters as (name, shape, fan-in, seed): weights and biases U(±1/√fan-in) from the suite's LCG
 * (PyTorch's initialisation; torch_bench.py makes the same numbers), BatchNorm scales 1 and shifts 0.
 */
const PARAMS: Record<ModelKind, [string, number[], number, number][]> = {
  mlp: [
    ["fc1.weight", [256, 784], 784, 21],
    ["fc1.bias", [256], 784, 22],
    ["bn1.weight", [256], 0, 0],
    ["bn1.bias", [256], 0, 0],
    ["fc2.weight", [128, 256], 256, 23],
    ["fc2.bias", [128], 256, 24],
    ["bn2.weight", [128], 0, 0],
    ["bn2.bias", [128], 0, 0],
    ["fc3.weight", [10, 128], 128, 25],
    ["fc3.bias", [10], 128, 26],
  ],
  cnn: [
    ["conv1.weight", [16, 1, 3, 3], 9, 21],
    ["conv1.bias", [16], 9, 22],
    ["conv2.weight", [32, 16, 3, 3], 144, 23],
    ["conv2.bias", [32], 144, 24],
    ["fc1.weight", [128, 1568], 1568, 25],
    ["fc1.bias", [128], 1568, 26],
    ["fc2.weight", [10, 128], 128, 27],
    ["fc2.bias", [10], 128, 28],
  ],
};

interface Spec {
  model: ModelKind;
  batch: number;
}

interface Data {
  /** [batch, 1, 28, 28] in [0, 1). */
  x: Float32Array;
  labels: Int32Array;
  onehot: Float32Array;
  /** In PyTorch's layouts ([out, in], OIHW). */
  params: Map<string, { shape: number[]; data: Float32Array }>;
}

function data({ model, batch }: Spec): Data {
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  const onehot = new Float32Array(batch * 10);
  labels.forEach((l, i) => (onehot[i * 10 + l] = 1));
  const params = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape, fanIn, seed] of PARAMS[model]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const d = fanIn === 0 ? new Float32Array(n).fill(name.endsWith("weight") ? 1 : 0) : uniform(n, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), seed);
    params.set(name, { shape, data: d });
  }
  return { x: uniform(batch * 784, 0, 1, 3), labels, onehot, params };
}

/** [rows, cols] row-major → its transpose. */
function transpose2(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}

interface Impl {
  library: string;
  variant: string;
  role: "wengert" | "peer";
  step: () => number | Promise<number>;
  before?: () => unknown;
  /** Whether the optimizer is Adam (lr 1e-3), so that the loss after one step can be compared. */
  adam: boolean;
}

async function wengert(s: Spec, d: Data, optimizer: "adam" | "muon"): Promise<Impl> {
  const models = await Wg.importModule<typeof ModelsModule>("cli/train/models");
  const opts = await Wg.importModule<typeof OptimizersModule>("cli/train/optimizers");
  const model = models.createModel(s.model, 0);
  const state: Record<string, Wg.Tensor> = {};
  for (const [name, p] of d.params) state[name] = Wg.fromArray(p.data, p.shape);
  model.loadStateDict(state, { strict: false }); // the BatchNorm running statistics keep their initial values
  model.train();
  const spec = opts.parseOptimizer(optimizer);
  // A constant learning rate: the CLI's cosine schedule costs a few scalar operations per step.
  const opt = opts.createOptimizer(spec, model.parameters(), optimizer === "adam" ? LR : spec.defaultLr, (peak) => peak);
  const images = Wg.fromArray(d.x, [s.batch, 1, 28, 28]);
  const labels = Wg.tensor(d.labels, { shape: [s.batch] });
  return {
    library: "wengert",
    variant: optimizer === "adam" ? "nn.Module + backward() + Adam" : `nn.Module + backward() + Muon (lr ${spec.defaultLr}; the CLI's default for the CNN)`,
    role: "wengert",
    adam: optimizer === "adam",
    step: () => {
      const logits = model.forward(images);
      const loss = Wg.crossEntropy(logits, labels);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    },
  };
}

async function tfjs(peers: Peers, id: "tfjs-cpu" | "tfjs-wasm", s: Spec, d: Data): Promise<Impl> {
  const p = peers[id];
  if (!p.ok) throw new Error(p.reason);
  const { tf, use } = p.api;
  await use();
  type T = ReturnType<typeof tf.tensor>;
  const v = new Map<string, ReturnType<typeof tf.variable>>();
  for (const [name, q] of d.params) {
    let t: T;
    if (q.shape.length === 4) t = tf.tensor4d(permute4(q.data, q.shape, [2, 3, 1, 0]), [q.shape[2]!, q.shape[3]!, q.shape[1]!, q.shape[0]!]); // OIHW → HWIO
    else if (q.shape.length === 2 && name === "fc1.weight" && s.model === "cnn") {
      // NCHW flattening (c·49 + h·7 + w) → NHWC flattening ((h·7 + w)·32 + c), and [out, in] → [in, out]
      const [o, n] = q.shape as [number, number];
      const k = new Float32Array(n * o);
      for (let c = 0; c < 32; c++) for (let hw = 0; hw < 49; hw++) for (let j = 0; j < o; j++) k[(hw * 32 + c) * o + j] = q.data[j * n + c * 49 + hw]!;
      t = tf.tensor2d(k, [n, o]);
    } else if (q.shape.length === 2) t = tf.tensor2d(transpose2(q.data, q.shape[0]!, q.shape[1]!), [q.shape[1]!, q.shape[0]!]);
    else t = tf.tensor1d(q.data);
    v.set(name, tf.variable(t, true, `${id}-${s.model}-${name}`));
  }
  const V = (name: string): T => v.get(name)! as unknown as T;
  // C = 1, so NCHW and NHWC images have the same element order.
  const x = s.model === "cnn" ? tf.tensor4d(d.x, [s.batch, 28, 28, 1]) : tf.tensor2d(d.x, [s.batch, 784]);
  const y = tf.tensor2d(d.onehot, [s.batch, 10]);
  const dense = (h: T, name: string): T => tf.add(tf.matMul(h as never, V(`${name}.weight`) as never), V(`${name}.bias`));
  const bn = (h: T, name: string): T => {
    const { mean, variance } = tf.moments(h, 0); // biased variance, as BatchNorm1d in training mode
    return tf.batchNorm(h as never, mean, variance, V(`${name}.bias`) as never, V(`${name}.weight`) as never, BN_EPS);
  };
  const conv = (h: T, name: string): T => tf.add(tf.conv2d(h as never, V(`${name}.weight`) as never, 1, "same"), V(`${name}.bias`));
  const pool = (h: T): T => tf.maxPool(h as never, 2, 2, "valid");
  const forward = (): T => {
    if (s.model === "mlp") {
      const h1 = tf.relu(bn(dense(x, "fc1"), "bn1"));
      const h2 = tf.relu(bn(dense(h1, "fc2"), "bn2"));
      return dense(h2, "fc3");
    }
    const h1 = tf.relu(pool(conv(x, "conv1")));
    const h2 = tf.relu(pool(conv(h1, "conv2")));
    return dense(tf.relu(dense(tf.reshape(h2, [s.batch, 1568]), "fc1")), "fc2");
  };
  const opt = tf.train.adam(LR, BETAS[0], BETAS[1], EPS);
  return {
    library: id,
    variant: `tf ops${s.model === "cnn" ? " (NHWC)" : ""} + optimizer.minimize (Adam)`,
    role: "peer",
    adam: true,
    before: use,
    step: () => {
      const l = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward()) as ReturnType<typeof tf.scalar>, true)!;
      const r = l.dataSync()[0]!;
      l.dispose();
      return r;
    },
  };
}

function jaxjs(peers: Peers, s: Spec, d: Data): Impl {
  const p = peers["jax-js"];
  if (!p.ok) throw new Error(p.reason);
  const { jax, np } = p.api;
  const { nn, tree } = jax;
  type A = ReturnType<typeof np.array>;
  type P = Record<string, A>;
  // Linear weights as [in, out] (transposed once here), conv filters OIHW, as lax.conv takes them.
  const init = (): P => {
    const q: P = {};
    for (const [name, w] of d.params) {
      const t = w.shape.length === 2 ? transpose2(w.data, w.shape[0]!, w.shape[1]!) : w.data;
      q[name] = np.array(t).reshape(w.shape.length === 2 ? [w.shape[1]!, w.shape[0]!] : w.shape);
    }
    return q;
  };
  let params = init();
  let m = tree.map((a: A) => np.zerosLike(a), tree.ref(params)) as P;
  let vv = tree.map((a: A) => np.zerosLike(a), tree.ref(params)) as P;
  const x = np.array(d.x).reshape(s.model === "cnn" ? [s.batch, 1, 28, 28] : [s.batch, 784]);
  const y = np.array(d.onehot).reshape([s.batch, 10]);
  const B = s.batch;
  const dense = (h: A, q: P, name: string): A => np.matmul(h, q[`${name}.weight`]!).add(q[`${name}.bias`]!);
  const bn = (h: A, q: P, name: string): A => {
    const mu = np.mean(h.ref, 0, { keepdims: true });
    const c = h.sub(mu);
    const variance = np.mean(np.square(c.ref), 0, { keepdims: true });
    return c.div(np.sqrt(variance.add(BN_EPS))).mul(q[`${name}.weight`]!).add(q[`${name}.bias`]!);
  };
  const conv = (h: A, q: P, name: string): A =>
    jax.lax
      .conv(h, q[`${name}.weight`]!, [1, 1], [
        [1, 1],
        [1, 1],
      ])
      .add(q[`${name}.bias`]!.reshape([1, -1, 1, 1]));
  const pool = (h: A, c: number, n: number): A => h.reshape([B, c, n / 2, 2, n / 2, 2]).max([3, 5]);
  const loss = (q: P, xa: A, ya: A): A => {
    let logits: A;
    if (s.model === "mlp") {
      const h1 = nn.relu(bn(dense(xa, q, "fc1"), q, "bn1"));
      const h2 = nn.relu(bn(dense(h1, q, "fc2"), q, "bn2"));
      logits = dense(h2, q, "fc3");
    } else {
      const h1 = nn.relu(pool(conv(xa, q, "conv1"), 16, 28));
      const h2 = nn.relu(pool(conv(h1, q, "conv2"), 32, 14));
      logits = dense(nn.relu(dense(h2.reshape([B, 1568]), q, "fc1")), q, "fc2");
    }
    return nn.logSoftmax(logits).mul(ya).sum().mul(-1 / B);
  };
  const vg = jax.valueAndGrad(loss);
  // Adam as PyTorch's: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr·(m/c1) / (√(v/c2) + ε), c_i = 1 − β_iᵗ.
  const update = (q: P, mq: P, vq: P, xa: A, ya: A, c1: A, c2: A): [A, P, P, P] => {
    const [l, g] = vg(tree.ref(q), xa, ya) as unknown as [A, P];
    const m2 = tree.map((mi: A, gi: A) => mi.mul(BETAS[0]).add(gi.mul(1 - BETAS[0])), mq, tree.ref(g)) as P;
    const v2 = tree.map((vi: A, gi: A) => vi.mul(BETAS[1]).add(np.square(gi).mul(1 - BETAS[1])), vq, g) as P;
    const q2 = tree.map(
      (qi: A, mi: A, vi: A) => qi.sub(mi.div(c1.ref).mul(LR).div(np.sqrt(vi.div(c2.ref)).add(EPS))),
      q,
      tree.ref(m2),
      tree.ref(v2),
    ) as P;
    c1.dispose();
    c2.dispose();
    return [l, q2, m2, v2];
  };
  const jitted = jax.jit(update);
  let t = 0;
  return {
    library: "jax-js",
    variant: `jit(valueAndGrad + Adam)${s.model === "cnn" ? ", lax.conv NCHW" : ""}`,
    role: "peer",
    adam: true,
    step: () => {
      t++;
      const c1 = np.array(new Float32Array([1 - BETAS[0] ** t])).reshape([]);
      const c2 = np.array(new Float32Array([1 - BETAS[1] ** t])).reshape([]);
      const [l, q2, m2, v2] = jitted(params, m, vv, x.ref, y.ref, c1, c2) as [A, P, P, P];
      params = q2;
      m = m2;
      vv = v2;
      return l.dataSync()[0]!;
    },
  };
}

const IMPLS = ["wengert", "wengert-muon", "tfjs-cpu", "tfjs-wasm", "jax-js-jit"] as const;

async function build(id: (typeof IMPLS)[number], peers: Peers, s: Spec, d: Data): Promise<Impl> {
  switch (id) {
    case "wengert":
      return wengert(s, d, "adam");
    case "wengert-muon":
      if (s.model !== "cnn") throw new Error("the MLP's default optimizer is Adam (row above)");
      return wengert(s, d, "muon");
    case "tfjs-cpu":
    case "tfjs-wasm":
      return tfjs(peers, id, s, d);
    case "jax-js-jit":
      return jaxjs(peers, s, d);
  }
}

const label = (s: Spec): string => `${s.model.toUpperCase()}, batch ${s.batch}`;

async function group(ctx: Ctx, s: Spec, notes: string[]): Promise<Row[]> {
  const g = label(s);
  const d = data(s);
  const es: Entry[] = [];
  const skipped: Row[] = [];
  const slow: Row[] = [];
  const seen: string[] = [];
  let ref: [number, number] | null = null;
  for (const id of IMPLS) {
    if (id === "wengert-muon" && s.model !== "cnn") continue;
    try {
      const impl = await build(id, ctx.peers, s, d);
      await impl.before?.();
      // Two steps: the first loss is the model's at the shared initial weights, the second checks the optimizer.
      const t0 = now();
      const l0 = await impl.step();
      const t1 = now();
      const l1 = await impl.step();
      const t2 = now();
      if (impl.adam) ref ??= [l0, l1];
      const want = ref;
      seen.push(`${id} ${l0.toFixed(5)} → ${l1.toFixed(5)}`);
      const slowMs = ctx.quick ? SLOW_STEP_MS / 5 : SLOW_STEP_MS;
      if (t2 - t1 > slowMs) {
        // Minutes per sample: the two steps above are its measurement (after the same checks).
        if (want) near(`${id} first-step loss (vs wengert)`, l0, want[0], 1e-4);
        if (want && impl.adam) near(`${id} second-step loss (vs wengert, Adam)`, l1, want[1], 1e-3);
        const st = stats([t1 - t0, t2 - t1]);
        const metric = (ms: number): number => (s.batch * 1000) / ms;
        slow.push({ group: g, library: impl.library, variant: `${impl.variant} (its 2 check steps, not interleaved: over ${slowMs / 1000} s each)`, role: impl.role, status: "ok", stats: st, median: metric(st.median), lo: metric(st.p75), hi: metric(st.p25) });
        continue;
      }
      es.push({
        library: impl.library,
        variant: impl.variant,
        role: impl.role,
        run: impl.step,
        ...(impl.before ? { before: impl.before } : {}),
        check: () => {
          if (!want) return;
          near("first-step loss (vs wengert)", l0, want[0], 1e-4);
          if (impl.adam) near("second-step loss (vs wengert, Adam)", l1, want[1], 1e-3);
        },
      });
    } catch (e) {
      if (id !== "wengert-muon" || s.model === "cnn") skipped.push(unavailable(g, id, errorText(e)));
    }
  }
  const metric = { name: "examples/s", of: (ms: number) => (s.batch * 1000) / ms };
  const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 12000))), ...slow, ...skipped];
  const w = rows[0]?.stats?.median;
  for (const r of slow) if (w && r.stats) r.ratio = w / r.stats.median;
  const t = torchRow(ctx, g, "torch.nn.functional + backward() + torch.optim.Adam", { case: "train", model: s.model, batch: s.batch }, metric, rows[0], notes, (r) => {
    const [l0, l1] = [Number(r.loss_first), Number(r.loss_second)];
    seen.push(`torch ${l0.toFixed(5)} → ${l1.toFixed(5)}`);
    if (ref) {
      near("torch first-step loss (vs wengert)", l0, ref[0], 1e-4);
      near("torch second-step loss (vs wengert)", l1, ref[1], 1e-3);
    }
  });
  if (t) rows.push(t);
  notes.push(`${g}: loss at steps 1 → 2: ${seen.join(", ")}.`);
  for (const r of rows)
    if (r.stats) notes.push(`${g}, ${r.library} ${r.variant.split(" (")[0]}: ${fmt(r.stats.median)} ms/step.`);
  return rows;
}

/** Case `training`: examples/s of `wengert train`'s MLP and CNN. */
export const trainingCase: BenchCase = {
  id: "training",
  title: "Training throughput of `wengert train`'s MLP and CNN, float32",
  async run(ctx) {
    // --quick: small batches (tfjs-cpu's CNN step takes seconds even at batch 8)
    const specs: Spec[] = [
      { model: "mlp", batch: ctx.quick ? 32 : 128 },
      { model: "cnn", batch: ctx.quick ? 8 : 128 },
    ];
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const s of specs) rows.push(...(await Wg.oneThread(() => group(ctx, s, notes))));
    notes.push(
      "Every library starts from the same weights (U(±1/√fan-in) from the suite's LCG) and steps with Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) on one fixed random batch; " +
        "`wengert train` defaults to Adam for the MLP and to Muon (lr 0.02, Adam on biases) for the CNN, shown as an extra wengert row. tfjs and jax-js do not update BatchNorm running statistics (wengert and torch do).",
    );
    return {
      id: "training",
      title: this.title,
      what:
        "Training examples per second (higher is better) of one step of the models of `wengert train` (src/cli/train/models.ts): forward, mean softmax cross-entropy, gradients of all parameters, optimizer update, loss read back. " +
        "wengert runs the CLI's model classes, optimizer factory and loop body (nn.Module forward, crossEntropy, zeroGrad, backward(), step); the peers the same network in their own ops. " +
        "Fashion-MNIST-shaped random images [batch, 1, 28, 28] in [0, 1). wengert runs on one thread (setNumThreads(1)), as the JS peers. Ratios: wengert (Adam) time ÷ peer time.",
      table: timedTable("model", { name: "examples/s", of: (v) => v }, rows),
      notes,
      raw: rows,
    };
  },
};
