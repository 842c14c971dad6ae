import { describe, expect, it } from "vitest";
import { optim, tensor } from "../../src/index.js";

describe("optim is exported from the package root", () => {
  it("norms, optimizers, functional forms, schedules, clipping and minimize", () => {
    expect(Object.keys(optim.norms).sort()).toEqual(
      ["euclid", "frobenius", "l1", "l2", "linf", "lmo", "lp", "max", "modular", "modularCoefficients", "newtonSchulz", "newtonSchulzPresets", "nuclear", "perParam", "quadratic", "rms", "rmsToRms", "scaled", "sharp", "spectral", "sum"],
    );
    for (const name of ["SteepestDescent", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Muon", "SignSGD", "Signum", "Optimizer", "clipGradNorm", "clipGradValue", "minimize", "applyUpdates"] as const)
      expect(typeof optim[name]).toBe("function");
    expect(typeof optim.functional.steepestDescent).toBe("function");
    expect(typeof optim.schedules.cosine).toBe("function");
    expect(typeof optim.lineSearch.strongWolfe).toBe("function");
  });
  it("swapping the norm moves between gradient descent, sign descent and Muon", () => {
    const step = (norm: optim.Norm) => {
      const w = tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
      w.grad = tensor([[3, 0], [0, -4]], { dtype: "float64" });
      new optim.SteepestDescent([w], { norm, lr: 1, normalized: norm.name === "l2" ? false : true }).step();
      return w.toArray();
    };
    expect(step(optim.norms.l2())).toEqual([[-2, 2], [3, 8]]); // w − g
    expect(step(optim.norms.linf())).toEqual([[0, 2], [3, 5]]); // w − sign(g)
    expect(step(optim.norms.spectral({ method: "svd" }))).toEqual([[0, 2], [3, 5]]); // w − UVᵀ = w − diag(1, −1)
  });
});
