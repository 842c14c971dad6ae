// Sampling 10⁶ float32 variates (10⁵ with --quick) from a key: normals, gammas (shape 0.5 and 5) and
// Poisson counts (rate 3 and 1,000), Melem/s. Peers where they have the sampler: tfjs
// (tf.randomNormal, tf.randomGamma; no Poisson) and jax-js (jax.random.normal; no gamma or Poisson).
import * as Wg from "../peers/wengert.js";
import { measureGroup, timedTable, timing, unavailable, type BenchCase, type Entry, type Row } from "./common.js";

type Random = typeof import("../../src/random/index.js");

/** Throws unless the sample mean is within 6 standard errors of `mean` (a wrong sampler fails its check). */
function checkMean(what: string, data: ArrayLike<number>, mean: number, variance: number): void {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i]!;
  const m = s / data.length;
  const se = Math.sqrt(variance / data.length);
  if (!(Math.abs(m - mean) <= 6 * se)) throw new Error(`${what}: sample mean ${m}, expected ${mean} ± ${6 * se}`);
}

interface Sampler {
  group: string;
  mean: number;
  variance: number;
  wengert: (R: Random, key: ReturnType<Random["key"]>, n: number) => Wg.Tensor;
  variant: string;
  /** tfjs call, or null when tfjs has no such sampler. */
  tfjs: ((tf: import("../peers/tfjs.js").Tf, n: number) => import("@tensorflow/tfjs").Tensor) | null;
  tfVariant?: string;
  jaxNormal?: boolean;
}

const SAMPLERS: readonly Sampler[] = [
  { group: "normal", mean: 0, variance: 1, wengert: (R, k, n) => R.normal(k, [n]), variant: "random.normal(key, [n])", tfjs: (tf, n) => tf.randomNormal([n]), tfVariant: "tf.randomNormal([n])", jaxNormal: true },
  { group: "gamma(0.5)", mean: 0.5, variance: 0.5, wengert: (R, k, n) => R.gamma(k, 0.5, [n]), variant: "random.gamma(key, 0.5, [n])", tfjs: (tf, n) => tf.randomGamma([n], 0.5), tfVariant: "tf.randomGamma([n], 0.5)" },
  { group: "gamma(5)", mean: 5, variance: 5, wengert: (R, k, n) => R.gamma(k, 5, [n]), variant: "random.gamma(key, 5, [n])", tfjs: (tf, n) => tf.randomGamma([n], 5), tfVariant: "tf.randomGamma([n], 5)" },
  { group: "poisson(3)", mean: 3, variance: 3, wengert: (R, k, n) => R.poisson(k, 3, [n]), variant: "random.poisson(key, 3, [n])", tfjs: null },
  { group: "poisson(1000)", mean: 1000, variance: 1000, wengert: (R, k, n) => R.poisson(k, 1000, [n]), variant: "random.poisson(key, 1000, [n])", tfjs: null },
];

export const randomCase: BenchCase = {
  id: "random",
  title: "Random sampling from a key",
  async run(ctx) {
    const n = ctx.quick ? 1e5 : 1e6;
    const R = await Wg.importModule<Random>("random/index");
    const metric = { name: "Melem/s", of: (ms: number) => n / (ms * 1e3) };
    const rows: Row[] = [];
    let step = 0;
    for (const s of SAMPLERS) {
      const es: Entry[] = [];
      const skipped: Row[] = [];
      // A fresh key per call, as real code splits one; the split is part of the timed work.
      let key = R.key(1);
      const next = (): ReturnType<Random["key"]> => (key = R.foldIn(key, ++step));
      es.push({ library: "wengert", variant: s.variant, role: "wengert", run: () => s.wengert(R, next(), n), check: () => checkMean(s.group, Wg.dataOf(s.wengert(R, next(), n)), s.mean, s.variance) });
      for (const id of ["tfjs-cpu", "tfjs-wasm"] as const) {
        const p = ctx.peers[id];
        if (!s.tfjs) continue;
        if (!p.ok) {
          skipped.push(unavailable(s.group, id, p.reason));
          continue;
        }
        const { tf, use } = p.api;
        const f = s.tfjs;
        es.push({
          library: id, variant: s.tfVariant!, role: "peer", before: use,
          run: () => f(tf, n).dispose(),
          check: async () => {
            await use();
            const y = f(tf, n);
            checkMean(`${id} ${s.group}`, y.dataSync() as Float32Array, s.mean, s.variance);
            y.dispose();
          },
        });
      }
      const jx = ctx.peers["jax-js"];
      if (s.jaxNormal) {
        if (!jx.ok) skipped.push(unavailable(s.group, "jax-js", jx.reason));
        else {
          const { jax } = jx.api;
          let seed = 0;
          const draw = (): ReturnType<typeof jax.random.normal> => jax.random.normal(jax.random.key(++seed), [n]);
          es.push({
            library: "jax-js", variant: "jax.random.normal(key, [n]) (eager)", role: "peer",
            run: async () => {
              const y = draw();
              await y.blockUntilReady();
              y.dispose();
            },
            check: () => checkMean("jax-js normal", draw().dataSync() as Float32Array, 0, 1),
          });
        }
      } else if (s.group.startsWith("gamma") || s.group.startsWith("poisson")) {
        skipped.push(unavailable(s.group, "jax-js", "no gamma or Poisson sampler in jax.random"));
      }
      rows.push(...(await measureGroup(ctx, s.group, es, metric, 0, timing(ctx, 6000))), ...skipped);
    }
    return {
      id: "random",
      title: `${this.title}, n = ${n.toExponential(0).replace("e+", "e")} float32 (int32 counts)`,
      what: "Million samples per second (higher is better), each call with a fresh key (wengert: foldIn; jax-js: key(seed)); ratios compare times (wengert ÷ peer), so > 1 means wengert is slower. tfjs has no Poisson sampler and jax-js no gamma or Poisson.",
      table: timedTable("sampler", { name: "Melem/s", of: (v) => v }, rows),
      notes: ["wengert samples in plain JavaScript from the counter-based Threefry stream (one thread, the same numbers on every backend); tfjs's samplers run in JavaScript too (seedrandom + Marsaglia–Tsang)."],
      raw: rows,
    };
  },
};
