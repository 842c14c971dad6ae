// The Sample page's worker: runs infer.nuts on a 2-D target and sends the draws back.
import { infer, wasmBackendLoaded } from "wengert";
import type { CoordinateSummary, SampleConfig, SampleResult } from "./sample-protocol.js";
import { potential, TARGETS } from "./sample-targets.js";

const post = (m: SampleResult, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

self.addEventListener("message", (e: MessageEvent<SampleConfig>) => {
  run(e.data).catch((err: unknown) => post({ type: "error", message: err instanceof Error ? err.message : String(err) }));
});

async function run(c: SampleConfig): Promise<void> {
  await wasmBackendLoaded;
  const target = TARGETS[c.target];
  if (target === undefined) throw new Error(`unknown target ${c.target}`);
  const total = c.chains * (c.warmup + c.samples);
  let last = 0;
  const t0 = performance.now();
  const post_ = infer.nuts(potential(target), {
    chains: c.chains,
    warmup: c.warmup,
    samples: c.samples,
    targetAccept: c.targetAccept,
    seed: c.seed,
    progress: (chain, iteration) => {
      const done = chain * (c.warmup + c.samples) + iteration;
      if (done - last < total / 50) return;
      last = done;
      post({ type: "progress", fraction: done / total });
    },
  });
  const draws = post_.draws("q").data() as Float64Array;
  const divergent = Uint8Array.from(post_.divergent.flat(), (d) => (d ? 1 : 0));
  const rows = post_.summary().rows;
  const pick = (i: number): CoordinateSummary => ({ mean: rows[i]!.mean, mcse: rows[i]!.mcse, rhat: rows[i]!.rhat, essBulk: rows[i]!.essBulk });
  const depth = Array.from(post_.treeDepth.data() as ArrayLike<number>);
  post(
    { type: "done", draws, divergent, summary: [pick(0), pick(1)], stepSize: post_.stepSize, meanTreeDepth: depth.reduce((s, d) => s + Number(d), 0) / depth.length, seconds: (performance.now() - t0) / 1000 },
    [draws.buffer, divergent.buffer],
  );
}
