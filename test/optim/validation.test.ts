import { describe, expect, it } from "vitest";
import { ArgumentError, randn, sum, tensor, type Tensor } from "../../src/index.js";
import { Adagrad, Adam, AdamW, functional as F, Muon, norms, RMSprop, SGD, SignSGD, SteepestDescent, schedules } from "../../src/optim/index.js";

const params = (): Tensor[] => [randn([3, 2], { seed: 1, requiresGrad: true }), randn([2], { seed: 2, requiresGrad: true })];
const stepOnce = (opt: { step(): unknown; zeroGrad(): void }, ps: Tensor[]): void => {
  opt.zeroGrad();
  sum(ps[0]!.mul(ps[0]!)).add(sum(ps[1]!.mul(ps[1]!))).backward();
  opt.step();
};

describe("optimizer hyperparameters are checked at construction", () => {
  it("lr must be a finite number ≥ 0 or a schedule: a string, NaN, ±∞ or a negative value raise an ArgumentError naming the optimizer", () => {
    for (const lr of ["0.1", NaN, Infinity, -Infinity, -0.1, null, {}] as unknown[]) {
      expect(() => new Adam(params(), { lr: lr as number })).toThrow(ArgumentError);
      expect(() => new SGD(params(), { lr: lr as number })).toThrow(/SGD: lr must be a finite number ≥ 0 or a schedule/);
    }
    expect(() => new Adam(params(), { lr: "0.1" as never })).toThrow('Adam: lr must be a finite number ≥ 0 or a schedule (a function of the step count), got the string "0.1"');
    expect(() => new SteepestDescent(params(), { norm: norms.l2(), lr: Infinity })).toThrow(/SteepestDescent: lr/);
    expect(() => new SignSGD(params(), { lr: NaN })).toThrow(/lr must be/);
    expect(() => new Adam(params(), { lr: schedules.cosine(0.1, { totalSteps: 10 }) })).not.toThrow();
    expect(() => new Adam(params(), { lr: 0 })).not.toThrow();
  });

  it("betas, eps, weightDecay, momentum, dampening, alpha and flags are checked with their ranges", () => {
    expect(() => new Adam(params(), { betas: [0.9, 1] })).toThrow("Adam: beta2 must be a number in [0, 1), got the number 1");
    expect(() => new Adam(params(), { betas: [0.9] as never })).toThrow(/Adam: betas must be an array of two numbers/);
    expect(() => new Adam(params(), { betas: ["0.9", 0.99] as never })).toThrow(/beta1/);
    expect(() => new Adam(params(), { eps: -1e-8 })).toThrow(/Adam: eps must be a finite number ≥ 0/);
    expect(() => new AdamW(params(), { weightDecay: NaN })).toThrow(/AdamW: weightDecay must be a finite number ≥ 0, got the number NaN/);
    expect(() => new Adam(params(), { amsgrad: "yes" as never })).toThrow(/amsgrad must be a boolean/);
    expect(() => new SGD(params(), { momentum: "0.9" as never })).toThrow(/SGD: momentum must be a number in \[0, 1\)/);
    expect(() => new SGD(params(), { momentum: 1 })).toThrow(/momentum/);
    expect(() => new SGD(params(), { momentum: 0.9, dampening: 2 })).toThrow(/dampening must be a number in \[0, 1\]/);
    expect(() => new SGD(params(), { weightDecay: -1 })).toThrow(/SGD: weightDecay/);
    expect(() => new RMSprop(params(), { alpha: Infinity })).toThrow(/alpha/);
    expect(() => new RMSprop(params(), { centered: 1 as never })).toThrow(/centered must be a boolean/);
    expect(() => new Adagrad(params(), { lrDecay: -1 })).toThrow(/lrDecay/);
    expect(() => new Muon([randn([3, 2], { requiresGrad: true })], { momentum: NaN })).toThrow(/momentum/);
    expect(() => new Adam(params(), "fast" as never)).toThrow(/Adam: options must be an options object/);
    expect(() => F.scaleByLearningRate("0.1" as never)).toThrow(/scaleByLearningRate: lr/);
  });

  it("a bad option set on a parameter group later fails at the next step, before any parameter changes", () => {
    const ps = params();
    const opt = new Adam(ps, { lr: 0.1 });
    (opt.paramGroups[0] as { lr: unknown }).lr = "0.1";
    const before = ps.map((p) => Array.from(p.data()));
    expect(() => stepOnce(opt, ps)).toThrow(/Adam: lr must be/);
    expect(ps.map((p) => Array.from(p.data()))).toEqual(before);
  });
});

describe("loadStateDict validates everything before it loads anything", () => {
  it("moments of the wrong shape are refused (they used to broadcast at step())", () => {
    const a = params();
    const opt = new Adam(a, { lr: 0.1 });
    stepOnce(opt, a);
    const sd = opt.stateDict();
    const state = sd.state[0] as [unknown, { expAvg: Tensor[] }, unknown];
    state[1].expAvg[1] = tensor([1]); // shape [1] instead of [2]
    const b = params();
    const fresh = new Adam(b, { lr: 0.1 });
    expect(() => fresh.loadStateDict(sd)).toThrow(ArgumentError);
    expect(() => fresh.loadStateDict(sd)).toThrow("Adam.loadStateDict: state[0][1].expAvg[1] must be a float32 tensor of shape [2], got a float32 tensor of shape [1]");
  });

  it("wrong dtypes, missing keys, wrong lengths and non-numbers in the state are refused", () => {
    const a = params();
    const opt = new SGD(a, { lr: 0.1, momentum: 0.9 });
    stepOnce(opt, a);
    const good = opt.stateDict();
    const mutate = (f: (s: unknown[]) => void) => {
      const sd = opt.stateDict();
      f(sd.state[0] as unknown[]);
      return sd;
    };
    const target = new SGD(params(), { lr: 0.1, momentum: 0.9 });
    expect(() => target.loadStateDict(mutate((s) => ((s[1] as { buffers: unknown[] }).buffers[0] = tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float64" }))))).toThrow(/must be a float32 tensor of shape \[3, 2\], got a float64 tensor/);
    expect(() => target.loadStateDict(mutate((s) => ((s[1] as { buffers: unknown[] }).buffers[1] = tensor([1, 2, 3]))))).toThrow(/buffers\[1\] must be a float32 tensor of shape \[2\]/);
    expect(() => target.loadStateDict(mutate((s) => ((s[1] as { buffers: unknown[] }).buffers.length = 1)))).toThrow(/buffers must be an array of length 2/);
    expect(() => target.loadStateDict(mutate((s) => delete (s[1] as { buffers?: unknown }).buffers))).toThrow(/must be an object with the keys buffers/);
    expect(() => target.loadStateDict(mutate((s) => ((s[2] as { count: unknown }).count = "1")))).toThrow(/state\[0\]\[2\]\.count must be a number/);
    target.loadStateDict(good); // and the intact one loads
  });

  it("all or nothing: a bad option in the saved groups leaves options and state untouched", () => {
    const a = params();
    const opt = new Adam(a, { lr: 0.1 });
    stepOnce(opt, a);
    const sd = opt.stateDict();
    (sd.paramGroups[0] as Record<string, unknown>).lr = Infinity;
    const b = params();
    const target = new Adam(b, { lr: 0.5 });
    const before = target.stateDict();
    expect(() => target.loadStateDict(sd)).toThrow(/Adam: lr must be a finite number/);
    expect(target.paramGroups[0]!.lr).toBe(0.5);
    const after = target.stateDict();
    expect((after.state[0] as [unknown, { step: number[] }])[1].step).toEqual((before.state[0] as [unknown, { step: number[] }])[1].step);
  });

  it("null or something else than a state dict raises an ArgumentError naming the method", () => {
    const opt = new SGD(params());
    expect(() => opt.loadStateDict(null as never)).toThrow("SGD.loadStateDict: stateDict must be a state dict { state, paramGroups } from stateDict(), got null");
    expect(() => opt.loadStateDict("x" as never)).toThrow(ArgumentError);
    expect(() => opt.loadStateDict({ state: [], paramGroups: [{ params: [0, 1] }] } as never)).toThrow(/1 group states|0 group states/);
  });
});

describe("schedules and clipping check their numbers", () => {
  it("a schedule's values are finite numbers (a string was coerced, NaN reached the step)", () => {
    expect(() => schedules.cosine("0.1" as never, { totalSteps: 10 })).toThrow('schedules.cosine: value must be a finite number, got the string "0.1"');
    expect(() => schedules.exponential(0.1, NaN)).toThrow(/schedules.exponential: gamma/);
    expect(() => schedules.step(0.1, { stepSize: 3, gamma: -1 })).toThrow(/schedules.step: gamma/);
    expect(() => schedules.linearWarmup(0.1, { warmupSteps: 3, then: 0.1 as never })).toThrow(/then must be a function/);
    expect(() => schedules.oneCycle(Infinity, { totalSteps: 10 })).toThrow(/schedules.oneCycle: maxValue/);
    expect(() => schedules.constant(undefined as never)).toThrow(/schedules.constant: value/);
  });

  it("a schedule that yields a bad value fails at that step, naming it", () => {
    const ps = params();
    const opt = new SGD(ps, { lr: (t: number) => (t === 0 ? 0.1 : NaN) });
    stepOnce(opt, ps);
    expect(() => stepOnce(opt, ps)).toThrow("scaleByLearningRate: the learning rate must be a finite number ≥ 0, got the number NaN at step 1");
  });

  it("clipping bounds are numbers ≥ 0", () => {
    expect(() => F.clipByGlobalNorm("1" as never)).toThrow(/^clipByGlobalNorm: maxNorm must be a number ≥ 0/);
    expect(() => F.clipByValue(NaN)).toThrow(/clipByValue: clipValue must be a number ≥ 0, got the number NaN/);
    expect(() => F.clipByGlobalNorm(Infinity)).not.toThrow();
  });
});
