// PyTorch (CPU), optional: used only when a python3 on this machine imports torch (Debian's
// python3-torch for /usr/bin/python3, or any torch on PATH's python3). It runs in its own process
// (bench/peers/torch_bench.py), case by case after the JS contestants, so its rows are not
// interleaved with them; its timing method is the same (warm-up, inner loops, median, p25/p75).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadPeer, type Loaded } from "./load.js";

export interface TorchPeer {
  python: string;
  info: Record<string, unknown>;
}

const SCRIPT = fileURLToPath(new URL("./torch_bench.py", import.meta.url));
/** Prints torch's version and the BLAS libraries the process mapped (Debian: the libblas.so.3 alternative). */
const PROBE =
  "import torch\nprint(torch.__version__)\nprint(' '.join(sorted({l.split()[-1].rsplit('/', 1)[-1] for l in open('/proc/self/maps') if 'blas' in l.lower() and '/' in l})))\n" +
  "torch.set_num_threads(1)\nprint(torch.get_num_threads())";
const CANDIDATES = ["python3", "/usr/bin/python3"];
/** One thread, as every JS contestant (and the anchors' 1-thread torch rows). */
const ENV = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };

export function probeTorch(): Promise<Loaded<TorchPeer>> {
  return loadPeer(async (notes) => {
    const tried: string[] = [];
    for (const python of CANDIDATES) {
      const r = spawnSync(python, ["-c", PROBE], { encoding: "utf8", timeout: 120_000, env: ENV });
      if (r.status === 0) {
        const [version, blas, threads] = r.stdout.trim().split("\n");
        if (!/openblas/i.test(blas ?? "")) notes.push(`BLAS is ${blas || "?"}, not OpenBLAS: torch's matrix products run several times slower than with libopenblas0-pthread`);
        // NOTE: the thread count is torch's own report (torch.get_num_threads) under the pinned environment, not an assumption.
        return { api: { python, info: { python, threads: Number(threads), blas: blas || "?" } }, version: version ?? "?" };
      }
      tried.push(`${python}: ${r.error ? r.error.message : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`)}`);
    }
    throw new Error(`skipped: no python3 here imports torch (${tried.join("; ")})`);
  });
}

/** Runs one case of torch_bench.py; it prints one JSON object per line. */
export function runTorch(peer: TorchPeer, args: Record<string, string | number>, timeoutMs: number): Record<string, unknown>[] {
  const argv = [SCRIPT, ...Object.entries(args).map(([k, v]) => `--${k}=${v}`)];
  // --threads=N (torch.set_num_threads) needs the BLAS pools to allow N as well.
  const n = String(args.threads ?? 1);
  const env = { ...ENV, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
  const r = spawnSync(peer.python, argv, { encoding: "utf8", timeout: timeoutMs, env, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`torch_bench.py ${args.case}: ${r.error?.message ?? r.stderr.trim().split("\n").slice(-1)[0] ?? `exit ${r.status}`}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
