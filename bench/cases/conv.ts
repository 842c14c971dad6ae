// conv2d forward + backward of one small CNN layer (issue 8): the gradients of ⟨conv2d(x, w) + b, G⟩
// with respect to x, w and b for a fixed cotangent G, i.e. one forward convolution, its input
// gradient (a transposed convolution) and its weight gradient; float32, NCHW data everywhere
// (tfjs gets NHWC/HWIO copies made once, outside the timing).
import { errorText, randn } from "../harness.js";
import type { Peers } from "../peers/index.js";
import * as Wg from "../peers/wengert.js";
import { fmt, measureGroup, near, timedTable, timing, torchRow, unavailable, type BenchCase, type Ctx, type Entry, type Row, type Table } from "./common.js";

/** One convolution layer: batch n, c → o channels, h×h pixels, k×k kernel (stride 1, padding (k − 1)/2). */
export interface ConvSpec {
  n: number;
  c: number;
  o: number;
  h: number;
  k: number;
}

interface Data {
  x: Float32Array;
  w: Float32Array;
  b: Float32Array;
  g: Float32Array;
}

/** value, and the gradients in NCHW / OIHW layout. */
interface Result {
  value: number;
  gx: ArrayLike<number>;
  gw: ArrayLike<number>;
  gb: ArrayLike<number>;
}

interface Impl {
  library: string;
  variant: string;
  role: "wengert" | "peer";
  run: () => unknown;
  before?: () => unknown;
  full: () => Result | Promise<Result>;
}

function data({ n, c, o, h, k }: ConvSpec): Data {
  return {
    x: randn(n * c * h * h, 1, 3),
    w: randn(o * c * k * k, Math.sqrt(2 / (c * k * k)), 5),
    b: randn(o, 0.1, 6),
    g: randn(n * o * h * h, 1, 9),
  };
}

/** [d0, d1, d2, d3] → the axes `perm` of it, on the host. */
export function permute4(a: ArrayLike<number>, dims: readonly number[], perm: readonly number[]): Float32Array {
  const out = new Float32Array(a.length);
  const od = perm.map((p) => dims[p]!);
  const stride = [dims[1]! * dims[2]! * dims[3]!, dims[2]! * dims[3]!, dims[3]!, 1];
  const ps = perm.map((p) => stride[p]!);
  let i = 0;
  for (let a0 = 0; a0 < od[0]!; a0++)
    for (let a1 = 0; a1 < od[1]!; a1++)
      for (let a2 = 0; a2 < od[2]!; a2++)
        for (let a3 = 0; a3 < od[3]!; a3++) out[i++] = a[a0 * ps[0]! + a1 * ps[1]! + a2 * ps[2]! + a3 * ps[3]!]!;
  return out;
}

/** Forward, input-gradient and weight-gradient convolutions, 2 flop per multiply-add each (the bias is not counted). */
export const convFlops = ({ n, c, o, h, k }: ConvSpec): number => 3 * 2 * n * o * c * k * k * h * h;

function wengert(s: ConvSpec, d: Data): Impl {
  const x = Wg.fromArray(d.x, [s.n, s.c, s.h, s.h]);
  const w = Wg.fromArray(d.w, [s.o, s.c, s.k, s.k]);
  const b = Wg.fromArray(d.b, [s.o]);
  const g = Wg.fromArray(d.g, [s.n, s.o, s.h, s.h]);
  type P = { x: Wg.Tensor; w: Wg.Tensor; b: Wg.Tensor };
  const pad = (s.k - 1) / 2;
  const vg = Wg.valueAndGrad((p: P) => Wg.sumAll(Wg.mul(Wg.conv2d(p.x, p.w, { padding: pad, bias: p.b }), g)));
  const call = (): [Wg.Tensor, P] => vg({ x, w, b }) as unknown as [Wg.Tensor, P];
  return {
    library: "wengert",
    variant: "conv2d + valueAndGrad wrt (x, w, b)",
    role: "wengert",
    run: () => call()[0].item(),
    full: () => {
      const [v, gr] = call();
      return { value: v.item(), gx: Wg.dataOf(gr.x), gw: Wg.dataOf(gr.w), gb: Wg.dataOf(gr.b) };
    },
  };
}

async function tfjs(peers: Peers, id: "tfjs-cpu" | "tfjs-wasm", s: ConvSpec, d: Data): Promise<Impl> {
  const p = peers[id];
  if (!p.ok) throw new Error(p.reason);
  const { tf, use } = p.api;
  await use();
  const x = tf.tensor4d(permute4(d.x, [s.n, s.c, s.h, s.h], [0, 2, 3, 1]), [s.n, s.h, s.h, s.c]);
  const w = tf.tensor4d(permute4(d.w, [s.o, s.c, s.k, s.k], [2, 3, 1, 0]), [s.k, s.k, s.c, s.o]);
  const b = tf.tensor1d(d.b);
  const g = tf.tensor4d(permute4(d.g, [s.n, s.o, s.h, s.h], [0, 2, 3, 1]), [s.n, s.h, s.h, s.o]);
  type T = ReturnType<typeof tf.tensor4d>;
  const vg = tf.valueAndGrads((...a) => tf.sum(tf.mul(tf.add(tf.conv2d(a[0] as T, a[1] as T, 1, "same"), a[2]!), g)));
  return {
    library: id,
    variant: "tf.valueAndGrads(conv2d), NHWC",
    role: "peer",
    before: use,
    run: () => {
      const { value, grads } = vg([x, w, b] as never);
      const v = value.dataSync()[0]!;
      value.dispose();
      for (const t of grads) t.dispose();
      return v;
    },
    full: () => {
      const { value, grads } = vg([x, w, b] as never);
      const r: Result = {
        value: value.dataSync()[0]!,
        gx: permute4(grads[0]!.dataSync() as Float32Array, [s.n, s.h, s.h, s.c], [0, 3, 1, 2]),
        gw: permute4(grads[1]!.dataSync() as Float32Array, [s.k, s.k, s.c, s.o], [3, 2, 0, 1]),
        gb: grads[2]!.dataSync() as Float32Array,
      };
      value.dispose();
      for (const t of grads) t.dispose();
      return r;
    },
  };
}

function jaxjs(peers: Peers, jit: boolean, s: ConvSpec, d: Data): Impl {
  const p = peers["jax-js"];
  if (!p.ok) throw new Error(p.reason);
  const { jax, np } = p.api;
  type A = ReturnType<typeof np.array>;
  const x = np.array(d.x).reshape([s.n, s.c, s.h, s.h]);
  const w = np.array(d.w).reshape([s.o, s.c, s.k, s.k]);
  const b = np.array(d.b).reshape([1, s.o, 1, 1]);
  const g = np.array(d.g).reshape([s.n, s.o, s.h, s.h]);
  const pad = (s.k - 1) / 2;
  const loss = (xa: A, wa: A, ba: A, ga: A): A =>
    jax.lax
      .conv(xa, wa, [1, 1], [
        [pad, pad],
        [pad, pad],
      ])
      .add(ba)
      .mul(ga)
      .sum();
  const vg0 = jax.valueAndGrad(loss, { argnums: [0, 1, 2] } as never);
  const vg = jit ? jax.jit(vg0) : vg0;
  const call = (): [A, A[]] => vg(x.ref, w.ref, b.ref, g.ref) as unknown as [A, A[]];
  return {
    library: "jax-js",
    variant: jit ? "jit(valueAndGrad(lax.conv))" : "valueAndGrad(lax.conv) (eager)",
    role: "peer",
    run: async () => {
      const [v, gr] = call();
      for (const t of gr) await t.blockUntilReady();
      const r = v.dataSync()[0]!;
      for (const t of gr) t.dispose();
      return r;
    },
    full: () => {
      const [v, gr] = call();
      return { value: v.dataSync()[0]!, gx: gr[0]!.dataSync(), gw: gr[1]!.dataSync(), gb: gr[2]!.dataSync() };
    },
  };
}

/** Σ|a| in float64. */
const l1 = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s;
};
/** Σ a[i]·((i mod 7) − 3): order-sensitive, so a transposed gradient does not pass. */
const probe = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * ((i % 7) - 3);
  return s;
};

/** Checksums of a result: the value, Σ|g| and the probe of each gradient. */
export function checksums(r: Result): number[] {
  return [r.value, l1(r.gx), probe(r.gx), l1(r.gw), probe(r.gw), l1(r.gb), probe(r.gb)];
}

const IMPLS = ["wengert", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js-jit"] as const;

async function build(id: (typeof IMPLS)[number], peers: Peers, s: ConvSpec, d: Data): Promise<Impl> {
  switch (id) {
    case "wengert":
      return wengert(s, d);
    case "tfjs-cpu":
    case "tfjs-wasm":
      return tfjs(peers, id, s, d);
    case "jax-js":
      return jaxjs(peers, false, s, d);
    case "jax-js-jit":
      return jaxjs(peers, true, s, d);
  }
}

/** The standard table plus a GFLOP/s column. */
function withGflops(t: Table, rows: readonly Row[], flops: number): Table {
  return {
    columns: [...t.columns.slice(0, 4), "GFLOP/s", ...t.columns.slice(4)],
    rows: t.rows.map((r, i) => {
      const ms = rows[i]?.stats?.median;
      return [...r.slice(0, 4), ms ? fmt(flops / (ms * 1e6)) : "", ...r.slice(4)];
    }),
  };
}

const label = (s: ConvSpec): string => `${s.n}×${s.c}×${s.h}×${s.h} ⋆ ${s.o}×${s.c}×${s.k}×${s.k}, pad ${(s.k - 1) / 2}`;

async function group(ctx: Ctx, s: ConvSpec, notes: string[]): Promise<Row[]> {
  const g = label(s);
  const d = data(s);
  const es: Entry[] = [];
  const skipped: Row[] = [];
  let ref: number[] | null = null;
  const sums: string[] = [];
  for (const id of IMPLS) {
    try {
      const impl = await build(id, ctx.peers, s, d);
      await impl.before?.();
      const cs = checksums(await impl.full());
      ref ??= cs;
      const want = ref;
      sums.push(`${id} ${cs[0]!.toFixed(2)} / ${cs[1]!.toFixed(1)} / ${cs[3]!.toFixed(1)}`);
      es.push({
        library: impl.library,
        variant: impl.variant,
        role: impl.role,
        run: impl.run,
        ...(impl.before ? { before: impl.before } : {}),
        check: () => {
          const names = ["value", "Σ|∂x|", "probe ∂x", "Σ|∂w|", "probe ∂w", "Σ|∂b|", "probe ∂b"];
          // float32 sums over 10⁵ terms in different orders: relative 1e-3 of the magnitude
          const scale = [Math.abs(want[0]!) + want[1]!, want[1]!, want[1]!, want[3]!, want[3]!, want[5]!, want[5]!];
          cs.forEach((v, i) => near(`${names[i]} (vs wengert)`, v / scale[i]!, want[i]! / scale[i]!, 1e-3));
        },
      });
      // wengert on 2 threads too (measureGroup pins the count from `threads`), against torch on 2 below.
      if (id === "wengert") es.push({ ...es[es.length - 1]!, variant: `${impl.variant}, 2 threads`, threads: 2 });
    } catch (e) {
      skipped.push(unavailable(g, id, errorText(e)));
    }
  }
  const metric = { name: "ms/call", of: (ms: number) => ms };
  const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 8000))), ...skipped];
  const t = torchRow(ctx, g, "F.conv2d + backward()", { case: "conv", n: s.n, c: s.c, o: s.o, h: s.h, k: s.k }, metric, rows[0], notes, (r) => {
    const [value, gx, gw] = [r.value, r.gx_l1, r.gw_l1].map(Number);
    sums.push(`torch ${value!.toFixed(2)} / ${gx!.toFixed(1)} / ${gw!.toFixed(1)}`);
    if (!ref) return;
    const want = [ref[0]!, ref[1]!, ref[3]!];
    const scale = [Math.abs(ref[0]!) + ref[1]!, ref[1]!, ref[3]!];
    [value, gx, gw].forEach((v, i) => near(`torch ${["value", "Σ|∂x|", "Σ|∂w|"][i]} (vs wengert)`, v! / scale[i]!, want[i]! / scale[i]!, 1e-3));
  });
  if (t) rows.push(t);
  const t2 = t ? torchRow(ctx, g, "F.conv2d + backward()", { case: "conv", n: s.n, c: s.c, o: s.o, h: s.h, k: s.k }, metric, rows[0], notes, undefined, 2, rows) : null;
  if (t2) rows.push(t2);
  notes.push(`${g}: checksums value / Σ|∂x| / Σ|∂w|: ${sums.join("; ")}.`);
  return rows;
}

/** Case `conv`: conv2d forward + backward of a small CNN layer. */
export const convCase: BenchCase = {
  id: "conv",
  title: "conv2d forward + backward of a small CNN layer, float32",
  async run(ctx) {
    const specs: ConvSpec[] = ctx.quick ? [{ n: 2, c: 16, o: 32, h: 14, k: 3 }] : [{ n: 32, c: 16, o: 32, h: 14, k: 3 }];
    const rows: Row[] = [];
    const notes: string[] = [];
    const tables: Table[] = [];
    for (const s of specs) {
      const r = await Wg.oneThread(() => group(ctx, s, notes));
      rows.push(...r);
      tables.push(withGflops(timedTable("layer (NCHW ⋆ OIHW)", { name: "ms/call", of: (v) => v }, r), r, convFlops(s)));
      const w = r[0]?.median;
      if (w) notes.push(`${label(s)}: ${fmt(convFlops(s) / 1e6)} MFLOP per call (forward, input gradient, weight gradient).`);
    }
    return {
      id: "conv",
      title: this.title,
      what:
        "ms per call (lower is better) of the value and the gradients with respect to input, weight and bias of ⟨conv2d(x, w) + b, G⟩ for a fixed cotangent G (stride 1, padding 1): " +
        "one forward convolution, its input gradient and its weight gradient; all gradients complete before the call returns. GFLOP/s counts 2 flop per multiply-add of the three convolutions. " +
        "Same numbers in every library (tfjs gets NHWC/HWIO copies made once, outside the timing; the checksums of value and gradients agree). wengert runs on one thread (setNumThreads(1)), as the JS peers, and on 2 threads in the row so labelled (against torch on 2 threads). Ratios: wengert time ÷ peer time, same thread count.",
      table: { columns: tables[0]!.columns, rows: tables.flatMap((t) => t.rows) },
      notes,
      raw: rows,
    };
  },
};
