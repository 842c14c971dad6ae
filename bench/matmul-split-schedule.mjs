/* global process, console */
// The quiet-machine schedule of one large float32 matmul on threads (rowSplitMatmul in
// src/backend/wasm/matmul.ts), replayed from the CPU cost of each of its pieces measured on one
// thread: copying B and A into wasm memory, the B packing tasks, the row-block products, and the
// calling thread's copies of finished blocks into the result. Tasks are claimed in order by the
// thread that can start first; the calling thread starts on a job after its own work (copying B
// and A in: with the build's packTasks, B by parts while workers pack the parts already in, else B
// whole before the job) and copies out every finished block after each of its blocks; what is left
// is copied after the job.
// NOTE: a replay, not a wall-clock run: on this 2-core machine shared by several processes a
// 2-thread wall time mostly measures the others' load, while these CPU costs hardly move with it.
// It prints, for the build's row blocks (its exported rowBlocks), for whole 128-row blocks to the
// end and for whole blocks with a guided tail (the last threads·128 rows in blocks shrinking to 16,
// tried and not kept: see rowBlocks): the makespan, the serial time (workers idle), the end-of-job
// wait, and the speedup over the one-thread call (gemm + copies) measured the same way. Row blocks
// cost in proportion to their rows here (CPU cost of smaller blocks: measure it separately).
// Build: npx tsc -p tsconfig.build.json --outDir /tmp/x/dist && cp src/backend/wasm/wasm-bytes.js /tmp/x/dist/backend/wasm/
// Usage: node bench/matmul-split-schedule.mjs <build dir> [N = 1024] [threads = 2]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = resolve(process.argv[2] ?? "dist");
const N = Number(process.argv[3] ?? 1024);
const TH = Number(process.argv[4] ?? 2);
const W = await import(pathToFileURL(`${dist}/index.js`).href);
const { arenaCall } = await import(pathToFileURL(`${dist}/backend/wasm/arena-call.js`).href);
const mm = await import(pathToFileURL(`${dist}/backend/wasm/matmul.js`).href);
W.setNumThreads(1);
const MC = 128;
const NR = 8;
const A = Float32Array.from({ length: N * N }, (_, i) => Math.sin(i));
const B = Float32Array.from({ length: N * N }, (_, i) => Math.cos(i));

/** Median CPU ms of `reps` calls of f. */
function cpu(f, reps) {
  const xs = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    xs.push((c.user + c.system) / 1e3);
  }
  return xs.sort((p, q) => p - q)[reps >> 1];
}

function wholeBlocks(m) {
  const rows = m >= 2 * TH * MC ? MC : Math.max(16, Math.ceil(m / (4 * TH) / 4) * 4);
  const s = [];
  for (let i = 0; i < m; i += rows) s.push(i);
  s.push(m);
  return s;
}

function guidedTail(m) {
  if (m < 2 * TH * MC) return wholeBlocks(m);
  const st = [];
  const head = (Math.floor(m / MC) - TH) * MC;
  for (let s = 0; s < head; s += MC) st.push(s);
  for (let s = head; s < m; s += Math.min(MC, Math.max(16, Math.ceil((m - s) / (2 * TH) / 4) * 4))) st.push(s);
  st.push(m);
  return st;
}

arenaCall(64 << 20, (k, ar) => {
  const ex = k.exports;
  ar.reset();
  const pa = ar.copyIn(A);
  const pb = ar.copyIn(B);
  const packed = ar.alloc(N * N * 4);
  const pc = ar.alloc(N * N * 4);
  const scratch = ar.alloc(ex.gemmScratchBytes(4));
  const cost = {
    copyIn: cpu(() => ar.view(Float32Array, pa, N * N).set(A), 31),
    alloc: cpu(() => void (new Float32Array(N * N)[0] = 1), 31),
  };
  // A copy into a fresh result (its pages touched for the first time), per whole matrix.
  cost.copyOut = cpu(() => new Float32Array(N * N).set(ar.view(Float32Array, pc, N * N)), 31) - cost.alloc;
  // Pack tasks: the build's packTasks (released as B's parts come in), else column ranges over all of k (B copied whole first).
  const pack = [];
  let needs = null;
  if (mm.packTasks) {
    const t = mm.packTasks(N, N, N, 1, 4, TH, pb, packed);
    needs = t.needs;
    for (let i = 0; i < needs.length; i++) pack.push(cpu(() => ex.gemmPackBF32(...t.args.slice(8 * i, 8 * i + 8), scratch), 15));
  } else {
    const panels = Math.ceil(N / NR);
    const perPack = Math.ceil(panels / Math.min(panels, 4 * TH)) * NR;
    for (let j = 0; j < N; j += perPack) pack.push(cpu(() => ex.gemmPackBF32(N, N, pb, N, 1, packed, j, Math.min(N, j + perPack), scratch), 15));
  }
  // Row blocks cost in proportion to their rows (bench/ paired runs: 16-64-row blocks within 1% per row of 128-row ones).
  // The one-thread gemm and the row products in alternation (the machine's load drifts).
  const gemms = [];
  const products = [];
  for (let r = 0; r < 9; r++) {
    gemms.push(cpu(() => ex.gemmF32(N, N, N, pa, N, 1, pb, N, 1, pc, N, scratch), 1));
    products.push(cpu(() => ex.gemmPackedBF32(N, N, N, pa, N, 1, packed, pc, N, 0, scratch), 1));
  }
  const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
  const product = median(products);
  const oneThread = median(gemms) + 2 * cost.copyIn + cost.alloc + cost.copyOut;

  /**
   * One pool job from t0 (the calling thread joins at t0 + before; task i may start from released[i]):
   * returns when it ends and how long the first thread to finish waited.
   */
  function job(t0, costs, before, afterTask, released = null) {
    const free = [t0 + before, ...Array.from({ length: TH - 1 }, () => t0 + 0.03)]; // caller, workers (wake-up)
    const done = [];
    for (let i = 0; i < costs.length; i++) {
      const at = free.map((f) => Math.max(f, released ? released[i] : 0));
      const th = at.indexOf(Math.min(...at));
      done[i] = at[th] + costs[i];
      free[th] = done[i];
      if (th === 0) free[0] += afterTask(free[0], done);
    }
    const end = Math.max(...free, ...done);
    return { end, wait: end - Math.min(...free) };
  }

  function simulate(starts) {
    const costs = starts.slice(0, -1).map((s, t) => (product * (starts[t + 1] - s)) / N);
    let t = cost.copyIn;
    let serial = cost.copyIn;
    let p;
    if (needs) {
      // B by parts: task i released once its prefix is in (the calling thread copies from t = 0).
      t = 0;
      const released = [];
      let copiedB = 0;
      let tc = 0;
      for (let i = 0; i < needs.length; i++) {
        if (needs[i] > copiedB) {
          tc += ((needs[i] - copiedB) / (N * N)) * cost.copyIn;
          copiedB = needs[i];
        }
        released.push(tc + 0.03); // wake-up
      }
      serial = released[0];
      p = job(0, pack, cost.copyIn * 2, () => 0, released);
    } else p = job(t, pack, cost.copyIn, () => 0);
    t = p.end;
    const copied = costs.map(() => false);
    let made = false;
    const copy = (j) => {
      copied[j] = true;
      const c = ((starts[j + 1] - starts[j]) / N) * cost.copyOut + (made ? 0 : cost.alloc);
      made = true;
      return c;
    };
    const q = job(t, costs, 0, (now, done) => {
      let c = 0;
      for (let j = 0; j < costs.length; j++) if (!copied[j] && done[j] !== undefined && done[j] <= now + c) c += copy(j);
      return c;
    });
    let post = 0;
    for (let j = 0; j < costs.length; j++) if (!copied[j]) post += copy(j);
    const makespan = q.end + post;
    return { blocks: costs.length, makespanMs: makespan, serialMs: serial + post, packWaitMs: p.wait, productWaitMs: q.wait, speedup: oneThread / makespan };
  }

  const fmt = (o) => Object.entries(o).map(([key, v]) => `${key} ${typeof v === "number" ? v.toFixed(3) : v}`).join(", ");
  console.log(`${N}² float32, ${TH} threads; CPU ms: one thread ${oneThread.toFixed(2)} (gemm + copies), copy in ${cost.copyIn.toFixed(3)}, copy out ${cost.copyOut.toFixed(3)}, make result ${cost.alloc.toFixed(3)}, pack B ${pack.reduce((a, b) => a + b).toFixed(3)}, row products ${product.toFixed(2)}`);
  if (mm.rowBlocks) console.log(`build's rowBlocks:   ${fmt(simulate(mm.rowBlocks(N, TH, MC)))}`);
  console.log(`whole ${MC}-row blocks: ${fmt(simulate(wholeBlocks(N)))}`);
  console.log(`guided tail:         ${fmt(simulate(guidedTail(N)))}`);
  return 1;
});
