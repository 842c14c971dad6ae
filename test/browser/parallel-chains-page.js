// Runs in headless Chromium (test/browser/parallel-chains.test.ts): infer.nuts with chainMethod
// "parallel" on Web Workers against the same chains run in sequence on the page.
import * as w from "/dist/index.js";
import { normalModel } from "./parallel-model.js";

const out = { checks: {}, errors: [] };
const record = (name, value) => (out.checks[name] = value);

async function run() {
  const y = w.tensor([1.2, 0.4, 2.9, 1.8, 0.7, 1.5, 2.2, 1.1], { dtype: "float64" });
  const opts = { args: [y], chains: 3, warmup: 150, samples: 150, seed: 4 };
  const seq = w.infer.nuts(normalModel, opts);
  // Count the Web Workers the sampler starts (the page's Worker, wrapped).
  const Real = globalThis.Worker;
  let started = 0;
  globalThis.Worker = class extends Real {
    constructor(...a) {
      super(...a);
      started++;
    }
  };
  const progress = [];
  const par = await w.infer.nuts({ module: new globalThis.URL("./parallel-model.js", import.meta.url).href, export: "normalModel" }, {
    ...opts, chainMethod: "parallel", workers: 2, progress: (c, it, phase) => progress.push([c, it, phase]),
  });
  globalThis.Worker = Real;
  record("workersStarted", started);
  const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  record("drawsSame", ["mu", "sigma"].every((s) => same(Array.from(seq.draws(s).data()), Array.from(par.draws(s).data()))));
  record("statsSame", same(Array.from(seq.sampleStat("treeDepth").data()), Array.from(par.sampleStat("treeDepth").data())));
  record("progressLast", [0, 1, 2].map((c) => progress.filter((p) => p[0] === c).pop()));
  record("muMean", par.draws("mu").mean().item());
  let error = "";
  try {
    await w.infer.nuts({ module: new globalThis.URL("./parallel-model.js", import.meta.url).href, export: "notAModel" }, { ...opts, chainMethod: "parallel" });
  } catch (e) {
    error = `${e.name}: ${e.message}`;
  }
  record("error", error);
}

run().catch((e) => out.errors.push(String(e && e.stack ? e.stack : e))).finally(() => (globalThis.__wengert = out));
