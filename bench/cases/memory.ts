// Memory: peak RSS over N training steps of the 784-256-10 MLP (batch 128; 200 steps, 20 with
// --quick), each library in its own process, in a plain synchronous loop with no dispose() or
// tidy() beyond what each library's own training API does.
import { runChild, type ChildResult } from "../child.js";
import { now, peakRssMB, rssMB } from "../harness.js";
import { loadPeers } from "../peers/index.js";
import { getThreads } from "../peers/wengert.js";
import { fmt, type BenchCase } from "./common.js";
import { buildMlp, MLP_IMPLS, peerOf, type MlpImplId, type MlpSpec } from "./mlp-impls.js";

export async function memoryChild(impl: string, opts: Record<string, unknown>): Promise<ChildResult> {
  const id = impl as MlpImplId;
  if (!(MLP_IMPLS as readonly string[]).includes(id)) throw new Error(`unknown implementation ${impl}`);
  const spec = opts.spec as MlpSpec;
  const steps = Number(opts.steps);
  const peer = peerOf(id);
  const peers = await loadPeers(new Set(peer ? [peer] : []));
  const m = await buildMlp(id, peers, spec);
  await m.before?.();
  const first = await m.step();
  const rssStart = rssMB();
  const trace: number[] = [];
  const every = Math.max(1, Math.floor(steps / 10));
  const t0 = now();
  let last = first;
  for (let i = 0; i < steps; i++) {
    last = await m.step();
    if ((i + 1) % every === 0) trace.push(Math.round(rssMB()));
  }
  const ms = (now() - t0) / steps;
  return {
    ok: true,
    library: m.library,
    variant: m.variant,
    threads: id === "wengert" ? getThreads() : 1,
    ms_per_step: ms,
    rss_after_first_step_mb: rssStart,
    rss_trace_mb: trace,
    peak_rss_mb: peakRssMB(),
    heap_used_end_mb: process.memoryUsage().heapUsed / 2 ** 20,
    array_buffers_end_mb: process.memoryUsage().arrayBuffers / 2 ** 20,
    loss_first: first,
    loss_last: last,
  };
}

export const memoryCase: BenchCase = {
  id: "memory",
  title: "Memory: RSS over MLP training steps",
  async run(ctx) {
    const spec: MlpSpec = ctx.quick ? { sizes: [784, 128, 10], batch: 32 } : { sizes: [784, 256, 10], batch: 128 };
    const steps = ctx.quick ? 20 : 200;
    // js-pytorch takes about 0.3-0.9 s a step here: fewer steps keep the full run in minutes.
    const stepsOf = (id: string): number => (id === "js-pytorch" ? Math.min(steps, 50) : steps);
    const rows: string[][] = [];
    const raw: Record<string, ChildResult> = {};
    for (const id of MLP_IMPLS) {
      const peer = peerOf(id);
      const p = peer ? ctx.peers[peer] : null;
      if (p && !p.ok) {
        rows.push([id, "", "1", "", "not available", "", "", "", "", p.reason]);
        continue;
      }
      ctx.log(`  ${id} (${stepsOf(id)} steps, own process)`);
      const r = runChild("memory", id, { spec, steps: stepsOf(id) }, ctx.quick ? 120_000 : 600_000);
      raw[id] = r;
      if (!r.ok) {
        rows.push([id, "", "1", String(stepsOf(id)), "failed", "", "", "", "", r.error ?? ""]);
        continue;
      }
      const lib = r.library as string;
      rows.push([
        lib === "wengert" ? `**${lib}**` : lib,
        r.variant as string,
        String(r.threads ?? 1),
        String(stepsOf(id)),
        fmt(r.ms_per_step as number),
        fmt(r.rss_after_first_step_mb as number),
        (r.rss_trace_mb as number[]).join(" → "),
        fmt(r.peak_rss_mb as number),
        `${(r.loss_first as number).toFixed(4)} → ${(r.loss_last as number).toFixed(4)}`,
        "",
      ]);
    }
    return {
      id: "memory",
      title: `${this.title} (${spec.sizes.join("-")}, batch ${spec.batch}, ${steps} steps)`,
      what: `Each library in its own process: one step, then ${steps} steps (js-pytorch: ${stepsOf("js-pytorch")}) in a synchronous loop with no dispose() or tidy() beyond what the library's own training API does, on one thread (wengert: setNumThreads(1)); RSS sampled 10 times. Flat RSS means no growth per step; peak RSS includes the library's own footprint (imports, wasm memory).`,
      table: { columns: ["library", "variant", "threads", "steps", "ms/step (loop mean)", "RSS after step 1, MB", "RSS during the loop, MB", "peak RSS MB", "loss first → last", "note"], rows },
      notes: [],
      raw,
    };
  },
};
