import { afterEach, describe, expect, it, vi } from "vitest";
import { distributions as D, infer, optim, tensor, type Tensor } from "../../../src/index.js";
import type { Potential } from "../../../src/infer/index.js";
import { progressDisplay } from "../../../src/infer/progress/progress-display.js";

const target: Potential = {
  dim: 2,
  logDensityAndGrad: (q, g) => {
    g[0] = -q[0]!;
    g[1] = -q[1]!;
    return -0.5 * (q[0]! ** 2 + q[1]! ** 2);
  },
};
const f64 = { dtype: "float64" } as const;
const y = tensor([2.1, 1.3, 2.9, 1.8, 2.4], f64);
const model = (y: Tensor): void => {
  const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 10));
  infer.plate("data", 5, () => infer.sample("y", new D.Normal(mu, 1), { obs: y }));
};

/** Runs `body` with stderr captured, as a terminal (`tty`) or not. */
function captureStderr(tty: boolean, body: () => void): string {
  const err = process.stderr as unknown as { write: (s: string) => boolean; isTTY?: boolean; columns?: number };
  const { write, isTTY, columns } = err;
  let out = "";
  err.write = (s: string) => ((out += s), true);
  err.isTTY = tty;
  err.columns = 120;
  try {
    body();
  } finally {
    err.write = write;
    err.isTTY = isTTY;
    err.columns = columns;
  }
  return out;
}

afterEach(() => vi.unstubAllGlobals());

describe("progress: true", () => {
  it("infer.nuts on a terminal draws one cli-progress bar per chain, ending at 100%", () => {
    const out = captureStderr(true, () => infer.nuts(target, { seed: 1, chains: 2, warmup: 20, samples: 30, progress: true }));
    for (const c of [1, 2]) expect(out).toMatch(new RegExp(`infer\\.nuts chain ${c}/2 [█░]{24} 100% \\| 50/50 \\| sampling`));
    expect(out).toContain("\u001b["); // drawn in place with cursor movements
  });

  it("infer.nuts without a terminal prints one line per chain when it ends", () => {
    const out = captureStderr(false, () => infer.hmc(target, { seed: 1, chains: 3, warmup: 10, samples: 15, numSteps: 3, progress: true }));
    const lines = out.split("\n").filter((l) => l.length > 0);
    expect(lines).toHaveLength(3);
    lines.forEach((l, c) => expect(l).toMatch(new RegExp(`^infer\\.hmc chain ${c + 1}/3: done, 25 iterations in \\d+\\.\\d\\d s$`)));
  });

  it("infer.svi's run: a bar on a terminal, a line at every tenth of the steps otherwise", () => {
    const fit = (tty: boolean): string =>
      captureStderr(tty, () => infer.svi(model, infer.autoguides.normal(model), optim.functional.adam({ lr: 0.05 }), { args: [y], seed: 0, progress: true }).run(20));
    expect(fit(true)).toMatch(/infer\.svi [█░]{24} 100% \| 20\/20 \| loss \d/);
    const lines = fit(false).split("\n").filter((l) => l.length > 0);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^infer\.svi: 2 \/ 20 \[ 10%\] in \d+\.\d\d s \| loss -?\d/);
    expect(lines[9]).toMatch(/^infer\.svi: 20 \/ 20 \[100%\]/);
    expect(() => infer.svi(model, infer.autoguides.normal(model), optim.functional.adam({ lr: 0.05 }), { progress: 1 as never })).toThrow(
      "infer.svi: options.progress must be a boolean",
    );
  });

  it("infer.advi: a bar on a terminal (ending where it converged), CmdStan-like lines otherwise", () => {
    const opts = { args: [y], seed: 0, iterations: 400, evalElbo: 100, eta: 0.1, tolRelObj: 1e-12, progress: true } as const;
    expect(captureStderr(true, () => infer.advi(model, opts))).toMatch(/infer\.advi [█░]{24} 100% \| 400\/400 \| ELBO -?\d+\.\d{3}, rel\. change/);
    const lines = captureStderr(false, () => infer.advi(model, opts)).split("\n").filter((l) => l.length > 0);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^infer\.advi: iteration 100 {2}ELBO/);
  });

  it("in a browser (no process) nothing is printed, not even to the console", () => {
    const info = vi.spyOn(console, "info");
    const log = vi.spyOn(console, "log");
    vi.stubGlobal("process", undefined);
    const d = progressDisplay(["infer.nuts chain 1/1"], [10], "end");
    for (let i = 1; i <= 10; i++) d.update(0, i, "sampling");
    d.stop();
    vi.unstubAllGlobals();
    expect(d.kind).toBe("silent");
    expect(info).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });
});
