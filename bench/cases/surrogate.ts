// A score-function (REINFORCE) surrogate through a small network (issue 13, "Performance"): a
// 16-32-4 tanh MLP maps 1,000 fixed contexts to Bernoulli logits; one draw per context and
// output; cost Σ (z − t)² per context; stochastic.objective with per-sample credit and a
// moving-average baseline; valueAndGrad of the surrogate and a plain SGD update, 1,000 steps. Reports
// the time per step and the memory (heap retained after a full GC, RSS) at the start and the end of
// the loop: flat memory means no per-step growth (the recorded graph, sites and keys are freed).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { now, randn, rssMB, uniform } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, type BenchCase, type Ctx } from "./common.js";

type W = typeof import("../../src/index.js");
type T = Wg.Tensor;
type Params = { w1: T; b1: T; w2: T; b2: T };

const SIZES = [16, 32, 4] as const;
const SAMPLES = 1000;

/** A full garbage collection (V8's gc exposed at run time), or null where that is refused. */
function fullGc(): (() => void) | null {
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

const heapMB = (): number => process.memoryUsage().heapUsed / 2 ** 20;

interface Loop {
  variant: string;
  /** One training step; returns the cost (the Monte Carlo value for the surrogate). */
  step: () => number;
}

function setup(W: W): { params: () => Params; x: T; t: T } {
  const [i, h, o] = SIZES;
  const f32 = (d: Float32Array, shape: number[]): T => W.tensor(d, { shape });
  const x = f32(randn(SAMPLES * i, 1, 31), [SAMPLES, i]);
  const t = W.cast(W.greater(f32(uniform(SAMPLES * o, 0, 1, 32), [SAMPLES, o]), 0.5), "float32");
  const params = (): Params => ({
    w1: f32(randn(i * h, 1 / Math.sqrt(i), 33), [i, h]),
    b1: W.zeros([h]),
    w2: f32(randn(h * o, 1 / Math.sqrt(h), 34), [h, o]),
    b2: W.zeros([o]),
  });
  return { params, x, t };
}

const logitsOf = (W: W, p: Params, x: T): T => W.add(W.matmul(W.tanh(W.add(W.matmul(x, p.w1), p.b1)), p.w2), p.b2);

/** SGD on a parameter tree (new tensors; the old ones become garbage). */
const sgd = (W: W, p: Params, g: Params, lr: number): Params => ({
  w1: W.sub(p.w1, W.mul(g.w1, lr)), b1: W.sub(p.b1, W.mul(g.b1, lr)), w2: W.sub(p.w2, W.mul(g.w2, lr)), b2: W.sub(p.b2, W.mul(g.b2, lr)),
});

/** The score-function surrogate of stochastic.objective. */
function surrogateLoop(W: W): Loop {
  const { params, x, t } = setup(W);
  let p = params();
  const f = W.stochastic.objective((sc, q: Params) => {
    const z = sc.sample("z", new W.distributions.Bernoulli({ logits: logitsOf(W, q, x), validateArgs: false }), { estimator: "score", perSample: true, baseline: "movingAverage" });
    sc.cost("c", W.sum(W.square(W.sub(z, t)), -1));
  });
  const vg = W.valueAndGrad((q: Params) => {
    const r = f(q);
    return [r.surrogate, r.value] as [T, T];
  }, { hasAux: true });
  return {
    variant: `stochastic.objective, Bernoulli score site (perSample, movingAverage baseline), valueAndGrad + SGD`,
    step: () => {
      const [[, value], g] = vg(p) as unknown as [[T, T], Params];
      p = sgd(W, p, g, 1e-3);
      return value.item() / SAMPLES;
    },
  };
}

/** The same network and cost in closed form: E(z − t)² = p(1 − t) + (1 − p)t for z ∼ Bern(p), t ∈ {0, 1}. */
function exactLoop(W: W): Loop {
  const { params, x, t } = setup(W);
  let p = params();
  const vg = W.valueAndGrad((q: Params) => {
    const pr = W.sigmoid(logitsOf(W, q, x));
    return W.sum(W.add(W.mul(pr, W.sub(1, t)), W.mul(W.sub(1, pr), t)));
  });
  return {
    variant: "the expected cost in closed form (no sampling), valueAndGrad + SGD",
    step: () => {
      const [value, g] = vg(p) as unknown as [T, Params];
      p = sgd(W, p, g, 1e-3);
      return value.item() / SAMPLES;
    },
  };
}

interface Run {
  variant: string;
  steps: number;
  msFirst: number;
  msLast: number;
  heap: number[];
  rss: number[];
  costFirst: number;
  costLast: number;
}

/** Runs `steps` steps; times each, and every `every` steps collects garbage and reads the heap and RSS (untimed). */
function measure(loop: Loop, steps: number, gc: (() => void) | null): Run {
  const every = 100;
  const times: number[] = [];
  const costs: number[] = [];
  const heap: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = now();
    costs.push(loop.step());
    times.push(now() - t0);
    if ((i + 1) % every === 0) {
      gc?.();
      heap.push(heapMB());
      rss.push(rssMB());
    }
  }
  const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
  const window = Math.min(100, Math.floor(steps / 2));
  return {
    variant: loop.variant,
    steps,
    msFirst: mean(times.slice(0, window)),
    msLast: mean(times.slice(-window)),
    heap,
    rss,
    costFirst: mean(costs.slice(0, window)),
    costLast: mean(costs.slice(-window)),
  };
}

/**
 * "GROWS" when the retained heap rose at every reading and by more than 0.5 MB in all (a leak of a
 * few KB per step does that; GC noise goes both ways), else "flat"; with the growth per step.
 */
function verdict(r: Run, gc: boolean): string {
  if (r.heap.length < 3) return "too few readings";
  const a = r.heap[0]!;
  const b = r.heap[r.heap.length - 1]!;
  const rising = r.heap.every((v, i) => i === 0 || v >= r.heap[i - 1]!);
  const perStep = ((b - a) * 1024) / (100 * (r.heap.length - 1));
  return `${rising && b - a > 0.5 ? "GROWS" : "flat"}: ${b - a >= 0 ? "+" : ""}${fmt(b - a)} MB, ${fmt(perStep)} KB/step (${gc ? "heap after full GCs" : "heap, no forced GC"})`;
}

/** Case `surrogate`: a score-function surrogate with 1,000 samples through a small network, 1,000 steps. */
export const surrogateCase: BenchCase = {
  id: "surrogate",
  title: "Score-function surrogate through a small network: time and memory per step",
  async run(ctx: Ctx) {
    const W = await Wg.importModule<W>("index");
    W.manualSeed(1);
    const steps = ctx.quick ? 300 : 1000;
    const gc = fullGc();
    const runs: Run[] = [];
    await Wg.oneThread(async () => {
      for (const make of [surrogateLoop, exactLoop]) {
        const loop = make(W);
        ctx.log(`  ${loop.variant}: ${steps} steps`);
        for (let i = 0; i < 5; i++) loop.step(); // warm-up (JIT)
        gc?.();
        runs.push(measure(loop, steps, gc));
      }
    });
    const rows = runs.map((r, i) => [
      i === 0 ? "**wengert**" : "wengert (reference)",
      r.variant,
      String(r.steps),
      `${fmt(r.msFirst)} → ${fmt(r.msLast)}`,
      r.heap.map((v) => v.toFixed(1)).join(" → "),
      r.rss.map((v) => v.toFixed(0)).join(" → "),
      verdict(r, gc !== null),
      `${r.costFirst.toFixed(4)} → ${r.costLast.toFixed(4)}`,
    ]);
    return {
      id: "surrogate",
      title: `${this.title} (${SIZES.join("-")} tanh MLP, ${SAMPLES} samples × ${SIZES[2]} Bernoulli outputs, ${steps} steps)`,
      what:
        `Each step: the MLP maps ${SAMPLES} fixed contexts to Bernoulli logits, one draw per context and output, cost Σ (z − t)² per context; ` +
        "the score-function surrogate of stochastic.objective (per-sample credit, moving-average baseline) is differentiated with valueAndGrad and the parameters take an SGD step (lr 1e-3). " +
        "ms/step is the mean over the first and the last 100 steps; every 100 steps the heap is read after a full garbage collection (untimed) and RSS beside it. " +
        "The reference row trains the same network on the expected cost in closed form, to show what sampling and the surrogate add. One thread.",
      table: { columns: ["library", "variant", "steps", "ms/step (first 100 → last 100)", "heap MB every 100 steps", "RSS MB every 100 steps", "memory", "mean cost per context (first 100 → last 100)"], rows },
      notes: gc ? [] : ["V8 refused --expose-gc at run time: heap readings are without a forced collection (noisier)."],
      raw: runs,
    };
  },
};
