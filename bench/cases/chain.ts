// Deep scalar chain: x → sin(x) repeated 10⁵ times (10⁴ with --quick), then the derivative, x₀ = 0.5.
// Does reverse mode survive the depth (jax-js and js-pytorch recurse and overflow the default
// stack, per the anchors), and what do forward and backward cost? One fresh process per library,
// default Node stack.
import { runChild, type ChildResult } from "../child.js";
import { errorText, now, peakRssMB, rssMB } from "../harness.js";
import { loadPeers } from "../peers/index.js";
import * as Wg from "../peers/wengert.js";
import { fmt, type BenchCase } from "./common.js";

const IMPLS = ["wengert", "wengert-jvp", "js", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js-jvp", "js-pytorch"] as const;

interface Run {
  fwd: number;
  bwd: number;
  v: number;
  g: number;
  /** Process CPU ms of the forward and backward (wengert's reverse run only; background compiler and collector threads count). */
  cpuFwd?: number;
  cpuBwd?: number;
}

/** The process's CPU time so far, ms (user + system, all threads). */
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
type Runner = (depth: number, x0: number) => Run;

const LABEL: Record<string, [string, string]> = {
  wengert: ["wengert", "valueAndGrad (reverse mode)"],
  "wengert-jvp": ["wengert", "jvp (forward mode, one pass)"],
  js: ["JS loop", "hand-written values + reverse product"],
  "tfjs-cpu": ["tfjs-cpu", "tf.valueAndGrad (float32)"],
  "tfjs-wasm": ["tfjs-wasm", "tf.valueAndGrad (float32)"],
  "jax-js": ["jax-js", "valueAndGrad (float32)"],
  "jax-js-jvp": ["jax-js", "jvp (forward mode, float32)"],
  "js-pytorch": ["js-pytorch", "backward() (own sin op)"],
};

function reference(depth: number, x0: number): { v: number; g: number } {
  let v = x0;
  let g = 1;
  for (let i = 0; i < depth; i++) {
    g *= Math.cos(v);
    v = Math.sin(v);
  }
  return { v, g };
}

async function runner(impl: string): Promise<Runner> {
  if (impl === "wengert" || impl === "wengert-jvp") {
    if (impl === "wengert-jvp")
      return (depth, x0) => {
        const t0 = now();
        const chain = (z: Wg.Tensor): Wg.Tensor => {
          let y = z;
          for (let i = 0; i < depth; i++) y = Wg.sin(y);
          return y;
        };
        const [v, t] = Wg.jvp(chain, [Wg.scalar(x0, "float64")], [Wg.scalar(1, "float64")]) as unknown as [Wg.Tensor, Wg.Tensor];
        return { fwd: now() - t0, bwd: 0, v: v.item(), g: t.item() };
      };
    return (depth, x0) => {
      const c0 = cpuMs();
      const t0 = now();
      let t1 = 0;
      let c1 = 0;
      const chain = (z: Wg.Tensor): Wg.Tensor => {
        let y = z;
        for (let i = 0; i < depth; i++) y = Wg.sin(y);
        t1 = now();
        c1 = cpuMs();
        return y;
      };
      const [v, g] = Wg.valueAndGrad(chain)(Wg.scalar(x0, "float64")) as unknown as [Wg.Tensor, Wg.Tensor];
      const r = { v: v.item(), g: g.item() };
      const t2 = now();
      return { fwd: t1 - t0, bwd: t2 - t1, ...r, cpuFwd: c1 - c0, cpuBwd: cpuMs() - c1 };
    };
  }
  if (impl === "js")
    return (depth, x0) => {
      const t0 = now();
      const xs = new Float64Array(depth + 1);
      xs[0] = x0;
      for (let i = 0; i < depth; i++) xs[i + 1] = Math.sin(xs[i]!);
      const t1 = now();
      let g = 1;
      for (let i = depth - 1; i >= 0; i--) g *= Math.cos(xs[i]!);
      return { fwd: t1 - t0, bwd: now() - t1, v: xs[depth]!, g };
    };
  const peers = await loadPeers(new Set([impl.replace(/-jvp$/, "")]));
  if (impl === "tfjs-cpu" || impl === "tfjs-wasm") {
    const p = peers[impl];
    if (!p.ok) throw new Error(p.reason);
    const { tf } = p.api;
    return (depth, x0) => {
      const t0 = now();
      let t1 = 0;
      const [v, g] = tf.tidy(() => {
        const f = (z: ReturnType<typeof tf.scalar>): ReturnType<typeof tf.scalar> => {
          let y = z;
          for (let i = 0; i < depth; i++) y = tf.sin(y);
          t1 = now();
          return y;
        };
        const { value, grad } = tf.valueAndGrad(f)(tf.scalar(x0));
        return [value.dataSync()[0]!, grad.dataSync()[0]!];
      });
      return { fwd: t1 - t0, bwd: now() - t1, v, g };
    };
  }
  if (impl === "jax-js" || impl === "jax-js-jvp") {
    const p = peers["jax-js"];
    if (!p.ok) throw new Error(p.reason);
    const { jax, np } = p.api;
    type A = ReturnType<typeof np.array>;
    if (impl === "jax-js-jvp")
      return (depth, x0) => {
        const t0 = now();
        const chain = (z: A): A => {
          let y = z;
          for (let i = 0; i < depth; i++) y = np.sin(y);
          return y;
        };
        const [v, g] = jax.jvp(chain, [np.array(x0)], [np.array(1)]) as unknown as [A, A];
        const r = { v: v.dataSync()[0]!, g: g.dataSync()[0]! };
        return { fwd: now() - t0, bwd: 0, ...r };
      };
    return (depth, x0) => {
      const t0 = now();
      let t1 = 0;
      const chain = (z: A): A => {
        let y = z; // np.sin consumes its argument: no .ref needed
        for (let i = 0; i < depth; i++) y = np.sin(y);
        t1 = now();
        return y;
      };
      const [v, g] = jax.valueAndGrad(chain)(np.array(x0)) as unknown as [A, A];
      const r = { v: v.dataSync()[0]!, g: g.dataSync()[0]! };
      return { fwd: t1 - t0, bwd: now() - t1, ...r };
    };
  }
  if (impl === "js-pytorch") {
    const p = peers["js-pytorch"];
    if (!p.ok) throw new Error(p.reason);
    const { torch, sin } = p.api;
    return (depth, x0) => {
      const x = torch.tensor(x0 as unknown as number[], true);
      const t0 = now();
      let y = x;
      for (let i = 0; i < depth; i++) y = sin(y);
      const t1 = now();
      y.backward();
      return { fwd: t1 - t0, bwd: now() - t1, v: (y._data as number[])[0]!, g: (x as unknown as { grad: number[] }).grad[0]! };
    };
  }
  throw new Error(`unknown chain implementation ${impl}`);
}

/**
 * Child side: warm-up at depth 1,000, then one cold run at the full depth (its code not yet optimised
 * for that depth), then `runs` warm runs at the full depth.
 * NOTE: both are reported: cold is what a user's first deep derivative costs, warm the steady state.
 */
export async function chainChild(impl: string, opts: Record<string, unknown>): Promise<ChildResult> {
  const depth = Number(opts.depth);
  const runs = Number(opts.runs ?? 2);
  const x0 = 0.5;
  const run = await runner(impl);
  const ref = reference(depth, x0);
  // NOTE: the child's own start (tsx, the harness, the library loaded, nothing run yet) is ~170 MB
  // of its peak; the increase over it is what the chain itself costs, reported next to the peak.
  const startRss = rssMB();
  try {
    run(1000, x0);
    const cold = run(depth, x0);
    const coldRss = peakRssMB();
    const rs: Run[] = [];
    for (let i = 0; i < runs; i++) rs.push(run(depth, x0));
    const med = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const last = rs[rs.length - 1]!;
    return {
      ok: true,
      forward_ms: med(rs.map((r) => r.fwd)),
      backward_ms: med(rs.map((r) => r.bwd)),
      cold_forward_ms: cold.fwd,
      cold_backward_ms: cold.bwd,
      cold_forward_cpu_ms: cold.cpuFwd,
      cold_backward_cpu_ms: cold.cpuBwd,
      cold_peak_rss_mb: coldRss,
      grad: last.g,
      grad_rel_err: Math.abs(last.g - ref.g) / Math.abs(ref.g),
      peak_rss_mb: peakRssMB(),
      start_rss_mb: startRss,
      runs,
    };
  } catch (e) {
    // The largest depth that works (coarse), to show where the limit is.
    let works = 0;
    for (const d of [1000, 3000, 10000, 30000]) {
      if (d >= depth) break;
      try {
        run(d, x0);
        works = d;
      } catch {
        break;
      }
    }
    return { ok: false, error: errorText(e), largest_depth_that_worked: works, peak_rss_mb: peakRssMB() };
  }
}

export const chainCase: BenchCase = {
  id: "chain",
  title: "Deep scalar chain: sin applied 10⁵ times, then the derivative",
  async run(ctx) {
    const depth = ctx.quick ? 10_000 : 100_000;
    const runs = ctx.quick ? 1 : 2;
    const rows: string[][] = [];
    const raw: Record<string, ChildResult> = {};
    for (const impl of IMPLS) {
      const peer = impl.replace(/-jvp$/, "");
      if (peer !== "wengert" && peer !== "js" && !ctx.peers[peer as keyof typeof ctx.peers].ok) {
        const p = ctx.peers[peer as keyof typeof ctx.peers];
        rows.push([...LABEL[impl]!, "not available", "", "", "", "", "", p.ok ? "" : p.reason]);
        continue;
      }
      ctx.log(`  ${impl} (depth ${depth}, own process)`);
      const r = runChild("chain", impl, { depth, runs }, ctx.quick ? 60_000 : 300_000);
      raw[impl] = r;
      const [lib, variant] = LABEL[impl]!;
      const who = lib === "wengert" ? `**${lib}**` : lib;
      if (r.ok)
        rows.push([
          who,
          variant,
          "yes",
          fmt(r.forward_ms as number),
          impl.endsWith("jvp") ? "(in forward)" : fmt(r.backward_ms as number),
          impl.endsWith("jvp") ? `${fmt(r.cold_forward_ms as number)} (fwd)` : `${fmt(r.cold_forward_ms as number)} + ${fmt(r.cold_backward_ms as number)}`,
          `${fmt(r.peak_rss_mb as number)} (+${fmt((r.peak_rss_mb as number) - (r.start_rss_mb as number))})`,
          `grad rel. error ${(r.grad_rel_err as number).toExponential(1)}; peak RSS after the cold run ${fmt(r.cold_peak_rss_mb as number)} MB`,
        ]);
      else
        rows.push([who, variant, "**no**", "", "", "", fmt(r.peak_rss_mb as number | undefined), `${r.error ?? ""}${r.largest_depth_that_worked ? `; depth ${r.largest_depth_that_worked} works` : ""}`]);
    }
    return {
      id: "chain",
      title: `${this.title} (depth ${depth.toLocaleString("en-US")})`,
      what: `x → sin(x) ${depth.toLocaleString("en-US")} times from x₀ = 0.5, then d/dx₀; each library in its own process with Node's default stack; after a warm-up at depth 1,000, one cold run at the full depth (its forward + backward ms in "cold ms"), then the median of ${runs} warm run(s) ("forward ms", "backward ms"). Peak RSS is the whole process's (tsx and the harness included), over all runs; in parentheses, its increase over the process's RSS once the library was loaded and before the first run (what the chain itself costs).`,
      table: { columns: ["library", "variant", "succeeds?", "forward ms", "backward ms", "cold ms", "peak RSS MB", "note"], rows },
      notes: [],
      raw,
    };
  },
};
