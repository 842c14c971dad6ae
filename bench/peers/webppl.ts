// WebPPL (npm `webppl`, an optional dev dependency) as a peer of bench/cases/inference.ts: runs a
// WebPPL program's model under WebPPL's own HMC (`Infer({ method: "MCMC", kernel: { HMC } })`: a
// fixed step size and step count, a unit metric, no adaptation) once per chain, and returns each
// named quantity's draws per chain, in order, with the CPU time of all chains.
import { createRequire } from "node:module";

/** What one WebPPL run gives: CPU seconds over all chains, and name → one array of draws per chain. */
export interface WebpplResult {
  cpuSeconds: number;
  wallSeconds: number;
  draws: Record<string, Float64Array[]>;
}

/** WebPPL's module (CommonJS): `run(code, k)` calls k(store, value) when the program finishes. */
interface WebpplModule {
  run(code: string, k: (s: unknown, value: unknown) => void, options?: object): void;
  /** webppl/src/util's `seedRNG`: seeds the generator every `run` draws from. */
  seedRNG(seed: string): void;
}

/** The module object of the installed `webppl` package, or why it cannot be loaded. */
function load(): WebpplModule | string {
  try {
    const require = createRequire(import.meta.url);
    const version = (require("webppl/package.json") as { version: string }).version;
    const mod = require("webppl") as Omit<WebpplModule, "seedRNG">;
    const util = require("webppl/src/util.js") as Pick<WebpplModule, "seedRNG">;
    return { run: mod.run.bind(mod), seedRNG: util.seedRNG.bind(util), version } as WebpplModule;
  } catch (e) {
    return `webppl is not installed or does not load (${(e as Error).message.split("\n")[0]}; npm i -D webppl); skipped`;
  }
}

/** The installed WebPPL's version, or the reason it is skipped. */
export function webpplVersion(): { version: string } | string {
  const m = load();
  return typeof m === "string" ? m : { version: (m as WebpplModule & { version: string }).version };
}

/**
 * Runs `model` (WebPPL source defining `var model = function () { …; return { name: number, … } }`)
 * with HMC of `steps` leapfrog steps of `stepSize`, `chains` times (seeds 1…chains), each `warmup`
 * burn-in iterations then `samples` draws. The draws are the values the model returns, per name.
 * NOTE: WebPPL's MCMC returns its draws in order (a `SampleBasedMarginal` whose `samples` keeps them),
 * so ESS is computed on real chains, not on a histogram.
 */
export function runWebppl(model: string, chains: number, warmup: number, samples: number, steps: number, stepSize: number): WebpplResult | string {
  const w = load();
  if (typeof w === "string") return w;
  const draws: Record<string, Float64Array[]> = {};
  const program = `${model}
Infer({ method: "MCMC", kernel: { HMC: { steps: ${steps}, stepSize: ${stepSize} } }, samples: ${samples}, burn: ${warmup} }, model);`;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let c = 0; c < chains; c++) {
    let out: { samples: { value: Record<string, number> }[] } | undefined;
    let error: unknown;
    try {
      w.seedRNG(String(c + 1));
      w.run(program, (_s, value) => {
        out = value as typeof out;
      });
    } catch (e) {
      error = e;
    }
    if (out === undefined) return `WebPPL did not finish chain ${c + 1}${error === undefined ? "" : `: ${(error as Error).message}`}`;
    for (let i = 0; i < out.samples.length; i++) {
      for (const [name, v] of Object.entries(out.samples[i]!.value)) {
        const chainsOf = (draws[name] ??= []);
        const arr = (chainsOf[c] ??= new Float64Array(out.samples.length));
        arr[i] = v;
      }
    }
  }
  const cpu = process.cpuUsage(c0);
  return { cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: (performance.now() - t0) / 1000, draws };
}
