// O8: stateDict → loadStateDict into a fresh optimizer over copies of the parameters, then more
// steps, is bit-identical to an uninterrupted run, for every optimizer and preset.
import { describe, expect, it } from "vitest";
import { matmul, randn, sub, sum, square, tensor, type Tensor } from "../../src/index.js";
import { Adagrad, Adam, AdamW, Muon, RMSprop, SGD, SignSGD, Signum, SteepestDescent, norms, schedules, type Optimizer } from "../../src/optim/index.js";
import { expectBitEqual } from "./helpers.js";

const x = randn([6, 4], { seed: 10 });
const y = randn([6, 2], { seed: 11 });
const fresh = (): Tensor[] => [randn([4, 3], { seed: 12, requiresGrad: true }), randn([3, 2], { seed: 13, requiresGrad: true })];
const loss = ([a, b]: Tensor[]) => sum(square(sub(matmul(matmul(x, a!).relu(), b!), y)));

function run(ps: Tensor[], opt: Optimizer<object>, steps: number): void {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    loss(ps).backward();
    opt.step();
  }
}

const lin = (fanIn: number, fanOut: number) => ({ norm: norms.rmsToRms({ fanIn, fanOut }) });
const makers: [string, (p: Tensor[]) => Optimizer<object>][] = [
  ["SGD (Nesterov, weight decay)", (p) => new SGD(p, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
  ["Adam (AMSGrad)", (p) => new Adam(p, { lr: 0.01, amsgrad: true })],
  ["AdamW with a cosine schedule", (p) => new AdamW(p, { lr: schedules.cosine(0.01, { totalSteps: 10 }) })],
  ["RMSprop (centered, momentum)", (p) => new RMSprop(p, { lr: 0.001, centered: true, momentum: 0.5 })],
  ["Adagrad", (p) => new Adagrad(p, { lr: 0.05, lrDecay: 0.01 })],
  ["SteepestDescent (spectral, unnormalized, EMA momentum)", (p) => new SteepestDescent(p, { norm: norms.spectral(), lr: 0.01, momentum: 0.9, normalized: false })],
  ["SteepestDescent (modular, weight decay)", (p) => new SteepestDescent(p, { norm: norms.modular([lin(4, 3), {}, lin(3, 2)]), lr: 0.05, momentum: 0.9, weightDecay: 0.01 })],
  ["SteepestDescent (two groups)", (p) => new SteepestDescent([{ params: [p[0]!] }, { params: [p[1]!], norm: norms.linf(), lr: 0.001 }], { norm: norms.l2(), lr: 0.01, momentum: 0.5, nesterov: true })],
  ["Muon", (p) => new Muon(p, { lr: 0.01 })],
  ["SignSGD", (p) => new SignSGD(p, { lr: 0.001 })],
  ["Signum", (p) => new Signum(p, { lr: 0.001 })],
];

describe("state dicts resume bit-identically", () => {
  for (const [name, make] of makers)
    it(name, () => {
      const straight = fresh();
      run(straight, make(straight), 10);

      const first = fresh();
      const opt1 = make(first);
      run(first, opt1, 5);
      const saved = opt1.stateDict();
      run(first, opt1, 2); // the saved dict is a copy: later steps do not change it

      // the parameters as they were at the save (a checkpoint saves them too): replay 5 steps
      const second = fresh();
      run(second, make(second), 5);
      const copies = second.map((p) => tensor(p, { requiresGrad: true }));
      const opt2 = make(copies);
      opt2.loadStateDict(saved);
      run(copies, opt2, 5);
      expectBitEqual(copies, straight);
    });

  it("restores numeric options and refuses a different norm", () => {
    const p = fresh();
    const a = new SteepestDescent(p, { norm: norms.spectral(), lr: 0.01 });
    a.paramGroups[0]!.lr = 0.5;
    const sd = a.stateDict();
    expect(sd.paramGroups[0]).toMatchObject({ lr: 0.5, norm: { norm: "spectral(newtonSchulz: jiacheng×6)" }, params: [0, 1] });
    const b = new SteepestDescent(fresh(), { norm: norms.spectral(), lr: 0.01 });
    b.loadStateDict(sd);
    expect(b.paramGroups[0]!.lr).toBe(0.5);
    const c = new SteepestDescent(fresh(), { norm: norms.l2(), lr: 0.01 });
    expect(() => c.loadStateDict(sd)).toThrow(/saved with norm spectral/);
    expect(() => new SGD(fresh()).loadStateDict({ state: [], paramGroups: [] })).toThrow(/0 parameter groups/);
  });
});
