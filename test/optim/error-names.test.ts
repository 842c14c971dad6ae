// Every public optim function reports a bad argument as a library error (ArgumentError, ShapeError)
// that names the function the user called: presets and wrappers name themselves, not the shared
// SteepestDescent/newtonSchulz/clipByNorm/add they are built on.
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, tensor, type Tensor } from "../../src/index.js";
import {
  Adam, applyUpdates, clipGradNorm, clipGradValue, functional as F, lineSearch, minimize, Muon, norms, schedules, SGD, SignSGD, Signum, SteepestDescent,
} from "../../src/optim/index.js";

const param = (): Tensor => tensor([1, 2, 3], { requiresGrad: true });
const matrix = (): Tensor => tensor([[1, 2], [3, 4]], { requiresGrad: true });
const gradded = (): Tensor => {
  const p = param();
  p.grad = tensor([1, -2, 3]);
  return p;
};

/** The error `run` throws (fails the test when it returns). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("optimizer parameter groups", () => {
  it("a bad group, bad params or a duplicate parameter is an ArgumentError naming the optimizer and the entry", () => {
    expect(() => new Adam(new Float32Array(3) as never)).toThrow(new ArgumentError("Adam: params[0] must be a parameter group { params, ...options }, got the number 0"));
    expect(() => new SGD([{ params: 5 }] as never)).toThrow(new ArgumentError("SGD: params[0].params must be a tensor or an iterable of tensors, got the number 5"));
    expect(() => new SGD([{ params: [param(), "w"] }] as never)).toThrow(new ArgumentError('SGD: params[0].params[1] must be a tensor, got the string "w"'));
    expect(() => new SGD([{ params: [] }])).toThrow(/^SGD: params\[0\]\.params must be a non-empty list of tensors, got an array of length 0$/);
    const p = param();
    expect(() => new SGD([p, p])).toThrow(new ArgumentError("SGD: params.params[1] appears more than once (in this group or another)"));
  });

  it("addParamGroup names Optimizer.addParamGroup and the group", () => {
    const opt = new Adam([param()]);
    expect(() => opt.addParamGroup(null as never)).toThrow(new ArgumentError("Adam.addParamGroup: group must be a parameter group { params, ...options }, got null"));
    expect(() => opt.addParamGroup({ params: {} } as never)).toThrow(/^Adam\.addParamGroup: group\.params must be a tensor or an iterable of tensors, got an object$/);
    expect(() => opt.addParamGroup({ params: [param()], lr: "x" } as never)).toThrow(/^Adam: lr must be/);
    expect(opt.paramGroups).toHaveLength(1);
    opt.addParamGroup({ params: [param()], lr: 0.5 });
    expect(opt.paramGroups[1]!.lr).toBe(0.5);
  });

  it("step's closure must be a function returning a tensor or a number", () => {
    const opt = new SGD([param()]);
    expect(() => opt.step(5 as never)).toThrow(new ArgumentError("SGD.step: closure must be a function, got the number 5"));
    expect(() => opt.step((() => "loss") as never)).toThrow(new ArgumentError('SGD.step: closure must return the loss as a tensor or a number, got the string "loss"'));
  });
});

describe("presets name themselves", () => {
  it("Muon, SignSGD and Signum report their own name, not SteepestDescent's", () => {
    expect(() => new Muon([matrix()], { lr: NaN })).toThrow(/^Muon: lr must be a finite number ≥ 0/);
    expect(() => new SignSGD([param()], { lr: -1 })).toThrow(/^SignSGD: lr must be/);
    expect(() => new Signum([param()], { momentum: 2 })).toThrow(/^Signum: momentum must be a number in \[0, 1\)/);
    expect(() => new Muon([matrix()], { steps: 1e9 })).toThrow(/^Muon: .*steps must be an integer in \[0, 1000\]/);
    expect(() => new Muon([matrix()], { layout: "rows" as never })).toThrow(new ArgumentError('Muon: layout must be "outIn" or "inOut", got the string "rows"'));
    expect(() => new Muon([matrix()], null as never)).toThrow(new ArgumentError("Muon: options must be an options object, got null"));
  });

  it("Muon refuses a vector with a ShapeError naming the parameter, at construction and in addParamGroup", () => {
    const e = thrown(() => new Muon([matrix(), param()]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^Muon: params\.params\[1\] must be a matrix \(Muon handles matrices only\), got shape \[3\]/);
    const opt = new Muon([matrix()]);
    expect(() => opt.addParamGroup({ params: [param()] })).toThrow(/^Muon\.addParamGroup: group\.params\[0\] must be a matrix/);
    expect(opt.paramGroups).toHaveLength(1);
  });

  it("functional muon, signSGD, signum and muonNorm report their own name", () => {
    expect(() => F.muon({ lr: NaN })).toThrow(/^Muon: lr/);
    expect(() => F.signSGD({ lr: "1" as never })).toThrow(/^SignSGD: lr/);
    expect(() => F.signum({ weightDecay: -1 })).toThrow(/^Signum: weightDecay/);
    expect(() => F.muonNorm({ steps: -1 })).toThrow(/^muonNorm: .*steps must be an integer/);
    expect(() => F.muonNorm(5 as never)).toThrow(new ArgumentError("muonNorm: options must be an options object, got the number 5"));
  });

  it("SteepestDescent without a norm or lr is an ArgumentError naming it", () => {
    expect(() => new SteepestDescent([param()], { lr: 0.1 } as never)).toThrow(new ArgumentError("SteepestDescent: norm must be a Norm (see optim.norms), got undefined"));
    expect(() => F.steepestDescent({ norm: norms.l2() } as never)).toThrow(/^SteepestDescent: lr must be a finite number ≥ 0 or a schedule/);
    expect(() => F.steepestDescent(undefined as never)).toThrow(/^SteepestDescent: options must be an options object/);
    expect(() => F.steepestDescent({ norm: norms.l2(), lr: 1, momentumStyle: "adam" as never })).toThrow(
      new ArgumentError('SteepestDescent: momentumStyle must be "ema" or "sgd", got the string "adam"'),
    );
    expect(() => F.sgd({ nesterov: true })).toThrow(ArgumentError);
  });
});

describe("updates and clipping", () => {
  it("applyUpdates checks that every update has its parameter's shape (no broadcasting) and that the trees match", () => {
    const e = thrown(() => applyUpdates([tensor([1, 2, 3])], [tensor([[1, 2, 3], [4, 5, 6]])]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe("applyUpdates: update 0 has shape [2, 3], its parameter [3]");
    expect(() => F.applyUpdates([tensor([1, 2, 3])], [tensor(1)])).toThrow(/^applyUpdates: update 0 has shape \[\]/);
    expect(() => applyUpdates([tensor([1])], [tensor([1]), tensor([2])])).toThrow(new ArgumentError("applyUpdates: updates must have one entry per parameter, got 2 updates for 1 parameters"));
    expect(applyUpdates([tensor([1, 2])], [null])[0]!.toArray()).toEqual([1, 2]);
  });

  it("clipGradNorm, clipGradValue and clipByGlobalNorm name themselves", () => {
    expect(() => clipGradNorm([gradded()], "1" as never)).toThrow(/^clipGradNorm: maxNorm must be a number ≥ 0/);
    expect(() => clipGradNorm([gradded()], 1, { norm: 3 as never })).toThrow(new ArgumentError("clipGradNorm: opts.norm must be a Norm (see optim.norms), got the number 3"));
    expect(() => clipGradNorm([gradded()], 1, { measure: "max" as never })).toThrow(/^clipGradNorm: opts\.measure must be "norm" or "dual"/);
    expect(() => clipGradValue([gradded()], NaN)).toThrow(new ArgumentError("clipGradValue: clipValue must be a number ≥ 0, got the number NaN"));
    expect(() => F.clipByGlobalNorm(-1)).toThrow(/^clipByGlobalNorm: maxNorm/);
    expect(() => F.clipByNorm({} as never, 1)).toThrow(/^clipByNorm: norm must be a Norm/);
    expect(() => F.clipByGlobalNorm(1).update([null], {})).toThrow(/^clipByGlobalNorm: some updates are null/);
    expect(clipGradNorm([gradded()], 1)).toBeCloseTo(Math.sqrt(14), 5);
  });

  it("chain and the transformations' state checks are ArgumentErrors", () => {
    const tx = F.chain(F.scale(2), F.identity());
    expect(() => tx.update([tensor([1])], [{}])).toThrow(ArgumentError);
    expect(() => tx.update([tensor([1])], [{}])).toThrow(/^chain: state must be an array of 2 states/);
    const adam = F.adam();
    expect(() => adam.update([tensor([1]), tensor([2])], adam.init([tensor([1])]))).toThrow(ArgumentError);
    expect(() => F.addDecayedWeights(0.1).update([tensor([1])], {})).toThrow(ArgumentError);
    expect(() => F.dualizeBy(norms.l2()).update([null], {})).toThrow(ArgumentError);
    expect(() => F.dualizeBy(norms.l2(), { normalized: 1 as never })).toThrow(new ArgumentError("dualizeBy: opts.normalized must be a boolean, got the number 1"));
  });
});

describe("schedules", () => {
  it("a schedule without its options object, or with a bad entry, is an ArgumentError naming it", () => {
    for (const [name, make] of [
      ["step", () => schedules.step(0.1, undefined as never)],
      ["cosine", () => schedules.cosine(0.1, undefined as never)],
      ["linearWarmup", () => schedules.linearWarmup(0.1, undefined as never)],
      ["oneCycle", () => schedules.oneCycle(0.1, undefined as never)],
    ] as const) {
      const e = thrown(make);
      expect(e).toBeInstanceOf(ArgumentError);
      expect(e.message).toMatch(new RegExp(`^schedules\\.${name}: opts must be an options object \\{ .* \\}, got undefined$`));
    }
    expect(() => schedules.step(0.1, { stepSize: 0 })).toThrow(new ArgumentError("schedules.step: stepSize must be an integer ≥ 1, got the number 0"));
    expect(() => schedules.cosine(0.1, { totalSteps: NaN })).toThrow(new ArgumentError("schedules.cosine: totalSteps must be a finite number > 0, got the number NaN"));
    expect(() => schedules.linearWarmup(0.1, { warmupSteps: 1.5 })).toThrow(/^schedules\.linearWarmup: warmupSteps must be an integer ≥ 0/);
    expect(() => schedules.oneCycle(0.1, { totalSteps: 1 })).toThrow(new ArgumentError("schedules.oneCycle: totalSteps must be an integer ≥ 2, got the number 1"));
    expect(() => schedules.oneCycle(0.1, { totalSteps: 10, anneal: "exp" as never })).toThrow(/^schedules\.oneCycle: anneal must be "cos" or "linear"/);
    expect(() => schedules.oneCycle(0.1, { totalSteps: 10, pctStart: 1 })).toThrow(ArgumentError);
    expect(schedules.step(1, { stepSize: 2, gamma: 0.5 })(3)).toBe(0.5);
  });
});

describe("line searches, minimize and the modular norm's coefficients", () => {
  it("a line search checks dphi0, its options and what phi returns, naming itself", () => {
    const phi = (a: number): number => (1 - a) ** 2;
    expect(() => lineSearch.backtracking(phi, 1, Symbol("d") as never)).toThrow(/^backtracking: the direction is not a descent direction: dphi0 \(φ′\(0\)\) must be a number < 0, got a symbol$/);
    expect(() => lineSearch.backtracking(phi, 1, -2, { shrink: Symbol("s") as never })).toThrow(new ArgumentError("backtracking: shrink must be a number in (0, 1), got a symbol"));
    expect(() => lineSearch.backtracking(phi, 1, -2, { initialStep: -1 })).toThrow(/^backtracking: initialStep must be a finite number > 0/);
    expect(() => lineSearch.backtracking((() => "x") as never, 1, -2)).toThrow(new ArgumentError('backtracking: phi must return a number or [value, payload], got the string "x" at step 1'));
    expect(() => lineSearch.strongWolfe((() => 1) as never, 1, -2)).toThrow(/^strongWolfe: phi must return \[value, slope, payload\] with numbers value and slope, got the number 1 at step 1$/);
    expect(() => lineSearch.strongWolfe((a: number) => [(1 - a) ** 2, -2 * (1 - a), null] as const, 1, -2, { c2: "0.9" as never })).toThrow(/^strongWolfe: c2 must be a finite number/);
    expect(lineSearch.backtracking(phi, 1, -2).success).toBe(true);
  });

  it("minimize refuses an async f and checks every option, naming itself", () => {
    const f = (x: Tensor) => x.mul(x).sum();
    expect(() => minimize((async (x: Tensor) => f(x)) as never, tensor([1]))).toThrow(/^minimize: f must be a synchronous function, got an async function/);
    expect(() => minimize((() => "loss") as never, tensor([1]))).toThrow(/^minimize: /);
    expect(() => minimize(f, tensor([1]), { history: Symbol("h") as never })).toThrow(new ArgumentError("minimize: history must be an integer in [1, 10000], got a symbol"));
    expect(() => minimize(f, tensor([1]), { maxIterations: 1.5 })).toThrow(/^minimize: maxIterations must be an integer ≥ 0/);
    expect(() => minimize(f, tensor([1]), { gradTolerance: NaN })).toThrow(/^minimize: gradTolerance must be a finite number ≥ 0/);
    expect(() => minimize(f, tensor([1]), { lineSearch: "wolfe" as never })).toThrow(new ArgumentError('minimize: lineSearch must be "strongWolfe" or "armijo", got the string "wolfe"'));
    expect(() => minimize(f, tensor([1]), { method: "steepest", norm: {} as never })).toThrow(/^minimize: norm must be a Norm/);
    expect(() => minimize(f, tensor([1]), { onStep: 1 as never })).toThrow(/^minimize: onStep must be a function/);
    expect(minimize(f, tensor([1], { dtype: "float64" })).value).toBeCloseTo(0, 12);
  });

  it("modularCoefficients names itself and the bad layer entry", () => {
    const layer = { norm: norms.spectral(), mass: 1, sensitivity: 1 };
    expect(() => norms.modularCoefficients([{ ...layer, mass: 0 }])).toThrow(/^norms\.modularCoefficients: the total mass must be positive, got 0$/);
    expect(() => norms.modularCoefficients([{ ...layer, mass: Symbol("m") as never }])).toThrow(new ArgumentError("modularCoefficients: layers[0].mass must be a number ≥ 0, got a symbol"));
    expect(() => norms.modular([layer, { sensitivity: -1 }])).toThrow(new ArgumentError("modular: layers[1].sensitivity must be a number ≥ 0, got the number -1"));
    expect(norms.modularCoefficients([layer, layer])).toEqual([2, 2]);
  });
});
