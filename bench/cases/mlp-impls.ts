// One SGD training step of an MLP (ReLU hidden layers, softmax cross-entropy averaged over the
// batch, lr 0.01) in each library, from identical data and initial weights (those of the anchors'
// mlp.js, so 784-256-256-10 at batch 128 starts from loss 2.8585). A step is forward, gradient of
// the loss with respect to every weight and bias, and the update; it returns the loss as a number.
import { randn } from "../harness.js";
import type { Peers } from "../peers/index.js";
import * as Wg from "../peers/wengert.js";

export interface MlpSpec {
  /** Layer widths, input first: [784, 256, 10]. */
  sizes: number[];
  batch: number;
}

export const LR = 0.01;

export const MLP_IMPLS = ["wengert", "js", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js-jit", "js-pytorch"] as const;
export type MlpImplId = (typeof MLP_IMPLS)[number];

export interface MlpImpl {
  library: string;
  variant: string;
  role: "wengert" | "reference" | "peer";
  step: () => number | Promise<number>;
  before?: () => unknown;
}

/** The peer an implementation needs, if any. */
export function peerOf(id: MlpImplId): keyof Peers | null {
  if (id === "jax-js-jit") return "jax-js";
  return id === "wengert" || id === "js" ? null : id;
}

interface Data {
  X: Float32Array;
  labels: Int32Array;
  Y: Float32Array;
  W: Float32Array[];
}

function data({ sizes, batch }: MlpSpec): Data {
  const classes = sizes[sizes.length - 1]!;
  const X = randn(batch * sizes[0]!, 1, 3);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % classes);
  const Y = new Float32Array(batch * classes);
  labels.forEach((l, i) => (Y[i * classes + l] = 1));
  const W = sizes.slice(0, -1).map((fanIn, l) => randn(fanIn * sizes[l + 1]!, Math.sqrt(2 / fanIn), 11 + l));
  return { X, labels, Y, W };
}

function wengert(spec: MlpSpec, d: Data): MlpImpl {
  const { sizes, batch } = spec;
  const L = sizes.length - 1;
  type P = { W: Wg.Tensor[]; b: Wg.Tensor[] };
  let params: P = {
    W: d.W.map((w, l) => Wg.fromArray(w, [sizes[l]!, sizes[l + 1]!])),
    b: sizes.slice(1).map((n) => Wg.fromArray(new Float32Array(n), [n])),
  };
  const X = Wg.fromArray(d.X, [batch, sizes[0]!]);
  const Y = Wg.fromArray(d.Y, [batch, sizes[L]!]);
  const negInvB = Wg.scalar(-1 / batch, "float32");
  const lr = Wg.scalar(LR, "float32");
  const loss = (p: P, x: Wg.Tensor, y: Wg.Tensor): Wg.Tensor => {
    let h = x;
    for (let l = 0; l < L; l++) {
      h = Wg.add(Wg.matmul(h, p.W[l]!), p.b[l]!);
      if (l < L - 1) h = Wg.relu(h);
    }
    return Wg.mul(Wg.sumAll(Wg.mul(Wg.logSoftmax(h), y)), negInvB);
  };
  const vg = Wg.valueAndGrad(loss);
  return {
    library: "wengert",
    variant: "valueAndGrad + SGD",
    role: "wengert",
    step: () => {
      const [value, g] = vg(params, X, Y) as unknown as [Wg.Tensor, P];
      params = {
        W: params.W.map((w, l) => Wg.sub(w, Wg.mul(g.W[l]!, lr))),
        b: params.b.map((b, l) => Wg.sub(b, Wg.mul(g.b[l]!, lr))),
      };
      return value.item();
    },
  };
}

/** Plain Float32Array loops (i-k-j order) with the hand-derived backward pass: what JS reaches with no library. */
function handwritten(spec: MlpSpec, d: Data): MlpImpl {
  const { sizes, batch: B } = spec;
  const L = sizes.length - 1;
  const W = d.W.map((w) => w.slice());
  const b = sizes.slice(1).map((n) => new Float32Array(n));
  const hs = [d.X, ...sizes.slice(1).map((n) => new Float32Array(B * n))];
  const dz = sizes.slice(1).map((n) => new Float32Array(B * n));
  const dW = W.map((w) => new Float32Array(w.length));
  const db = b.map((v) => new Float32Array(v.length));
  const linear = (A: Float32Array, Wl: Float32Array, bl: Float32Array, C: Float32Array, M: number, K: number, N: number): void => {
    for (let i = 0; i < M; i++) {
      const ci = i * N;
      for (let j = 0; j < N; j++) C[ci + j] = bl[j]!;
      for (let k = 0; k < K; k++) {
        const a = A[i * K + k]!;
        const wk = k * N;
        for (let j = 0; j < N; j++) C[ci + j]! += a * Wl[wk + j]!;
      }
    }
  };
  const gradW = (A: Float32Array, dC: Float32Array, dWl: Float32Array, dbl: Float32Array, M: number, K: number, N: number): void => {
    dWl.fill(0);
    dbl.fill(0);
    for (let i = 0; i < M; i++) {
      const ci = i * N;
      for (let j = 0; j < N; j++) dbl[j]! += dC[ci + j]!;
      for (let k = 0; k < K; k++) {
        const a = A[i * K + k]!;
        const wk = k * N;
        for (let j = 0; j < N; j++) dWl[wk + j]! += a * dC[ci + j]!;
      }
    }
  };
  const gradIn = (dC: Float32Array, Wl: Float32Array, H: Float32Array, dA: Float32Array, M: number, K: number, N: number): void => {
    for (let i = 0; i < M; i++)
      for (let k = 0; k < K; k++) {
        let s = 0;
        const wk = k * N;
        const ci = i * N;
        for (let j = 0; j < N; j++) s += dC[ci + j]! * Wl[wk + j]!;
        dA[i * K + k] = H[i * K + k]! > 0 ? s : 0;
      }
  };
  const C = sizes[L]!;
  return {
    library: "JS loops",
    variant: "hand-written forward + backward",
    role: "reference",
    step: () => {
      for (let l = 0; l < L; l++) {
        const out = hs[l + 1]!;
        linear(hs[l]!, W[l]!, b[l]!, out, B, sizes[l]!, sizes[l + 1]!);
        if (l < L - 1) for (let i = 0; i < out.length; i++) if (out[i]! < 0) out[i] = 0;
      }
      const z = hs[L]!;
      const g = dz[L - 1]!;
      let loss = 0;
      for (let i = 0; i < B; i++) {
        let m = -Infinity;
        for (let j = 0; j < C; j++) m = Math.max(m, z[i * C + j]!);
        let s = 0;
        for (let j = 0; j < C; j++) s += Math.exp(z[i * C + j]! - m);
        loss += Math.log(s) + m - z[i * C + d.labels[i]!]!;
        for (let j = 0; j < C; j++) g[i * C + j] = (Math.exp(z[i * C + j]! - m) / s - (j === d.labels[i] ? 1 : 0)) / B;
      }
      for (let l = L - 1; l >= 0; l--) {
        gradW(hs[l]!, dz[l]!, dW[l]!, db[l]!, B, sizes[l]!, sizes[l + 1]!);
        if (l > 0) gradIn(dz[l]!, W[l]!, hs[l]!, dz[l - 1]!, B, sizes[l]!, sizes[l + 1]!);
      }
      for (let l = 0; l < L; l++) {
        const w = W[l]!;
        const gw = dW[l]!;
        for (let i = 0; i < w.length; i++) w[i]! -= LR * gw[i]!;
        const bl = b[l]!;
        const gb = db[l]!;
        for (let i = 0; i < bl.length; i++) bl[i]! -= LR * gb[i]!;
      }
      return loss / B;
    },
  };
}

async function tfjs(peers: Peers, id: "tfjs-cpu" | "tfjs-wasm", spec: MlpSpec, d: Data): Promise<MlpImpl> {
  const p = peers[id];
  if (!p.ok) throw new Error(p.reason);
  const { tf, use } = p.api;
  await use();
  const { sizes, batch } = spec;
  const L = sizes.length - 1;
  const W = d.W.map((w, l) => tf.variable(tf.tensor2d(w, [sizes[l]!, sizes[l + 1]!])));
  const b = sizes.slice(1).map((n) => tf.variable(tf.zeros([n])));
  const X = tf.tensor2d(d.X, [batch, sizes[0]!]);
  const Y = tf.tensor2d(d.Y, [batch, sizes[L]!]);
  const lossFn = (): ReturnType<typeof tf.scalar> => {
    let h: ReturnType<typeof tf.tensor2d> = X;
    for (let l = 0; l < L; l++) {
      h = tf.add(tf.matMul(h, W[l]!), b[l]!);
      if (l < L - 1) h = tf.relu(h);
    }
    return tf.losses.softmaxCrossEntropy(Y, h) as ReturnType<typeof tf.scalar>;
  };
  const opt = tf.train.sgd(LR); // minimize() tidies the step and disposes the gradients
  return {
    library: id,
    variant: "optimizer.minimize (SGD)",
    role: "peer",
    before: use,
    step: () => {
      const l = opt.minimize(lossFn, true)!;
      const v = l.dataSync()[0]!;
      l.dispose();
      return v;
    },
  };
}

function jaxjs(peers: Peers, jit: boolean, spec: MlpSpec, d: Data): MlpImpl {
  const p = peers["jax-js"];
  if (!p.ok) throw new Error(p.reason);
  const { jax, np } = p.api;
  const { nn, tree } = jax;
  const { sizes, batch } = spec;
  const L = sizes.length - 1;
  type A = ReturnType<typeof np.array>;
  type P = { W: A[]; b: A[] };
  let params: P = {
    W: d.W.map((w, l) => np.array(w).reshape([sizes[l]!, sizes[l + 1]!])),
    b: sizes.slice(1).map((n) => np.zeros([n])),
  };
  const X = np.array(d.X).reshape([batch, sizes[0]!]);
  const Y = np.array(d.Y).reshape([batch, sizes[L]!]);
  // Each array is used once inside the loss, so it needs no .ref; the step passes tree.ref(params)
  // so that params survive for the update, which consumes params and grads.
  const lossFn = (q: P, x: A, y: A): A => {
    let h = x;
    for (let l = 0; l < L; l++) {
      h = np.matmul(h, q.W[l]!).add(q.b[l]!);
      if (l < L - 1) h = nn.relu(h);
    }
    return nn.logSoftmax(h).mul(y).sum().mul(-1 / batch);
  };
  const vg = jax.valueAndGrad(lossFn);
  const update = (q: P, x: A, y: A): [A, P] => {
    const [loss, g] = vg(tree.ref(q), x, y) as unknown as [A, P];
    return [loss, tree.map((w: A, gw: A) => w.sub(gw.mul(LR)), q, g) as P];
  };
  const stepFn = jit ? jax.jit(update) : update;
  return {
    library: "jax-js",
    variant: jit ? "jit(valueAndGrad + SGD)" : "valueAndGrad + SGD (eager)",
    role: "peer",
    step: () => {
      const [loss, next] = stepFn(params, X.ref, Y.ref) as [A, P];
      params = next;
      return loss.dataSync()[0]!;
    },
  };
}

function jspytorch(peers: Peers, spec: MlpSpec, d: Data): MlpImpl {
  const p = peers["js-pytorch"];
  if (!p.ok) throw new Error(p.reason);
  const { torch } = p.api;
  const { sizes, batch } = spec;
  const L = sizes.length - 1;
  const to2d = (X: Float32Array, r: number, c: number): number[][] => Array.from({ length: r }, (_, i) => Array.from(X.subarray(i * c, (i + 1) * c)));
  const layers = sizes.slice(0, -1).map((n, l) => {
    const lin = new torch.nn.Linear(n, sizes[l + 1]!);
    lin.W._data = to2d(d.W[l]!, n, sizes[l + 1]!);
    return lin;
  });
  const relus = layers.map(() => new torch.nn.ReLU());
  const params = layers.flatMap((lin) => [lin.W, lin.b]);
  const lossf = new torch.nn.CrossEntropyLoss();
  const x = torch.tensor(to2d(d.X, batch, sizes[0]!));
  const y = torch.tensor(Array.from(d.labels));
  return {
    library: "js-pytorch",
    variant: "backward() + SGD (float64 arrays; leaky ReLU)",
    role: "peer",
    step: () => {
      let h = x;
      for (let l = 0; l < L; l++) {
        h = layers[l]!.forward(h);
        if (l < L - 1) h = relus[l]!.forward(h);
      }
      const loss = lossf.forward(h, y);
      loss.backward();
      // js-pytorch ships only Adam; plain SGD the way its Adam.step() updates parameters.
      for (const q of params) q._data = q.add(q._grad!.mul(-LR))._data;
      for (const q of params) q.zero_grad();
      return (loss._data as number[])[0]!;
    },
  };
}

/** Builds one implementation (throws when its peer is missing). */
export async function buildMlp(id: MlpImplId, peers: Peers, spec: MlpSpec): Promise<MlpImpl> {
  const d = data(spec);
  switch (id) {
    case "wengert":
      return wengert(spec, d);
    case "js":
      return handwritten(spec, d);
    case "tfjs-cpu":
    case "tfjs-wasm":
      return tfjs(peers, id, spec, d);
    case "jax-js":
      return jaxjs(peers, false, spec, d);
    case "jax-js-jit":
      return jaxjs(peers, true, spec, d);
    case "js-pytorch":
      return jspytorch(peers, spec, d);
  }
}

/** Float32 multiply-adds of one step, counted as 2 flop each: forward, weight gradients, input gradients of layers 2.. */
export function mlpFlops({ sizes, batch }: MlpSpec): number {
  let f = 0;
  for (let l = 0; l < sizes.length - 1; l++) {
    const mn = 2 * batch * sizes[l]! * sizes[l + 1]!;
    f += mn * (l > 0 ? 3 : 2);
  }
  return f;
}
