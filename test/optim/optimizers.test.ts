// The optimizers: PyTorch's formulas step by step, the equivalences with steepest descent (SGD ≡
// unnormalized ℓ2, Adam(0, 0, 0) ≡ normalized ℓ∞), Muon parity, parameter groups and errors.
import { describe, expect, it } from "vitest";
import { matmul, randn, sub, sum, square, tensor, type Tensor } from "../../src/index.js";
import { Adagrad, Adam, AdamW, Muon, RMSprop, SGD, SignSGD, Signum, SteepestDescent, norms, type Optimizer } from "../../src/optim/index.js";
import { expectBitEqual, expectClose, f64, flat } from "./helpers.js";

const GRADS = [[0.5, -1], [-0.25, 0.75], [1, 1]];

/** Three steps from w = [1, −2] with fixed gradients; the parameter after each. */
function threeSteps(make: (p: Tensor[]) => Optimizer<object>): number[][] {
  const w = tensor([1, -2], { dtype: "float64", requiresGrad: true });
  const opt = make([w]);
  return GRADS.map((g) => {
    w.grad = f64(g);
    opt.step();
    return Array.from(w.data());
  });
}

// Expected values: PyTorch's single-tensor algorithms (torch/optim/*.py) transcribed into plain
// float64 Python, run on the same three gradients.
describe("classic optimizers against PyTorch's formulas, three steps", () => {
  const cases: [string, (p: Tensor[]) => Optimizer<object>, number[][]][] = [
    ["SGD lr 0.1", (p) => new SGD(p, { lr: 0.1 }), [[0.95, -1.9], [0.975, -1.975], [0.875, -2.075]]],
    ["SGD momentum 0.9, dampening 0.1, weight decay 0.01", (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
      [[0.949, -1.898], [0.9247459, -1.8719918], [0.81208493869, -1.93689962738]]],
    ["SGD Nesterov 0.9, weight decay 0.01", (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
      [[0.9031, -1.8062], [0.90757411, -1.86264822], [0.698189208191, -2.034038166382]]],
    ["Adam lr 0.1, weight decay 0.1", (p) => new Adam(p, { lr: 0.1, weightDecay: 0.1 }),
      [[0.9000000016666666, -1.9000000008333333], [0.8544413674617625, -1.870767278976266], [0.7815043998631658, -1.8849570483615223]]],
    ["Adam AMSGrad, betas [0.8, 0.9]", (p) => new Adam(p, { lr: 0.1, betas: [0.8, 0.9], amsgrad: true }),
      [[0.900000002, -1.900000001], [0.8785771829868195, -1.896833888390661], [0.8112263310456052, -1.9393911163119257]]],
    ["AdamW lr 0.1, weight decay 0.1", (p) => new AdamW(p, { lr: 0.1, weightDecay: 0.1 }),
      [[0.890000002, -1.880000001], [0.8544662986878463, -1.8522675003505356], [0.7801104766702113, -1.8682811000333428]]],
    ["RMSprop defaults", (p) => new RMSprop(p), [[0.900000019999996, -1.900000009999999], [0.9449013374421751, -1.960192931711966], [0.8574273783928595, -2.022975904954414]]],
    ["RMSprop centered, momentum 0.9, weight decay 0.1", (p) => new RMSprop(p, { lr: 0.01, centered: true, momentum: 0.9, weightDecay: 0.1 }),
      [[0.8994962353090928, -1.8994962268915865], [0.8350018999541212, -1.851557433681085], [0.6893404050887231, -1.861170522031576]]],
    ["Adagrad lr 0.1, lrDecay 0.1, weight decay 0.1, initial accumulator 0.1", (p) => new Adagrad(p, { lr: 0.1, lrDecay: 0.1, weightDecay: 0.1, initialAccumulatorValue: 0.1 }),
      [[0.9115348263201052, -1.9033012443247466], [0.9322653464496158, -1.940675671234291], [0.8619863385435517, -1.9831286340501981]]],
  ];
  for (const [name, make, expected] of cases)
    it(name, () => {
      expectClose(threeSteps(make).flat(), expected, 1e-12);
    });

  it("PyTorch's defaults", () => {
    // defaults are those of the functional forms: SGD lr 1e-3; Adam lr 1e-3, betas [0.9, 0.999], eps 1e-8; AdamW weight decay 1e-2
    expectClose(threeSteps((p) => new SGD(p))[0]!, [1 - 1e-3 * 0.5, -2 + 1e-3], 1e-15);
    expectClose(threeSteps((p) => new Adam(p))[0]!, [1 - 1e-3, -2 + 1e-3], 1e-10);
    expectClose(threeSteps((p) => new AdamW(p))[0]!, [1 * (1 - 1e-5) - 1e-3, -2 * (1 - 1e-5) + 1e-3], 1e-10);
  });
});

/** A small least-squares problem; its gradient drives the equivalence tests. */
function problem(dtype: "float32" | "float64" = "float32") {
  const x = randn([8, 3], { seed: 1, dtype });
  const y = randn([8, 2], { seed: 2, dtype });
  const params = () => [randn([3, 2], { seed: 3, dtype, requiresGrad: true }), randn([2], { seed: 4, dtype, requiresGrad: true })];
  const loss = ([w, b]: Tensor[]) => sum(square(sub(matmul(x, w!).add(b!), y)));
  return { params, loss };
}

function train(make: (p: Tensor[]) => Optimizer<object>, steps = 10, dtype: "float32" | "float64" = "float32"): Tensor[] {
  const { params, loss } = problem(dtype);
  const ps = params();
  const opt = make(ps);
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    loss(ps).backward();
    opt.step();
  }
  return ps;
}

describe("one optimizer, many norms: the classic methods are steepest descent", () => {
  for (const nesterov of [false, true])
    it(`SGD ≡ unnormalized ℓ2 steepest descent, bit for bit (momentum 0.9, Nesterov ${nesterov})`, () => {
      const a = train((p) => new SGD(p, { lr: 0.01, momentum: 0.9, nesterov }));
      const b = train((p) => new SteepestDescent(p, { norm: norms.l2(), lr: 0.01, momentum: 0.9, nesterov, normalized: false, momentumStyle: "sgd" }));
      expectBitEqual(a, b);
    });
  it("SGD with weight decay and no momentum ≡ ℓ2 steepest descent with decoupled decay, bit for bit", () => {
    const a = train((p) => new SGD(p, { lr: 0.01, weightDecay: 0.1 }));
    const b = train((p) => new SteepestDescent(p, { norm: norms.l2(), lr: 0.01, weightDecay: 0.1, normalized: false }));
    expectBitEqual(a, b);
  });
  it("…and through the generic dual(g)·dualize(g) path (a norm without `sharp`) to rounding", () => {
    const l2 = norms.l2();
    const plain: norms.Norm = { name: "l2 (no sharp)", norm: l2.norm, dual: l2.dual, dualize: l2.dualize };
    const a = train((p) => new SGD(p, { lr: 0.01, momentum: 0.5 }), 10, "float64");
    const b = train((p) => new SteepestDescent(p, { norm: plain, lr: 0.01, momentum: 0.5, normalized: false, momentumStyle: "sgd" }), 10, "float64");
    expectClose(a, flat(b), 1e-12);
  });
  it("Adam(β1 = β2 = ε = 0) ≡ normalized ℓ∞ steepest descent ≡ signSGD, bit for bit", () => {
    const a = train((p) => new Adam(p, { lr: 0.01, betas: [0, 0], eps: 0 }));
    const b = train((p) => new SteepestDescent(p, { norm: norms.linf(), lr: 0.01 }));
    const c = train((p) => new SteepestDescent(p, { norm: norms.perParam(norms.linf()), lr: 0.01 }));
    const d = train((p) => new SignSGD(p, { lr: 0.01 }));
    expectBitEqual(a, b);
    expectBitEqual(a, c);
    expectBitEqual(a, d);
  });
  it("O3: EMA and SGD-style momentum give the same normalized steps; unnormalized differ by (1 − β)", () => {
    for (const nesterov of [false, true]) {
      const ema = train((p) => new SteepestDescent(p, { norm: norms.l2(), lr: 0.01, momentum: 0.9, nesterov, momentumStyle: "ema" }), 5, "float64");
      const sgd = train((p) => new SteepestDescent(p, { norm: norms.l2(), lr: 0.01, momentum: 0.9, nesterov, momentumStyle: "sgd" }), 5, "float64");
      expectClose(ema, flat(sgd), 1e-12);
      const emaU = train((p) => new SteepestDescent(p, { norm: norms.l2(), lr: 0.01, momentum: 0.9, nesterov, normalized: false, momentumStyle: "ema" }), 5, "float64");
      const sgdU = train((p) => new SteepestDescent(p, { norm: norms.l2(), lr: 0.1 * 0.01, momentum: 0.9, nesterov, normalized: false, momentumStyle: "sgd" }), 5, "float64");
      expectClose(emaU, flat(sgdU), 1e-12);
    }
  });
  it("Signum is sign descent of the EMA momentum", () => {
    const a = train((p) => new Signum(p, { lr: 0.01 }));
    const b = train((p) => new SteepestDescent(p, { norm: norms.linf(), lr: 0.01, momentum: 0.9 }));
    expectBitEqual(a, b);
  });
});

describe("O4 Muon parity with a hand-written reference", () => {
  // Keller Jordan's muon.py, transcribed: m ← βm + (1−β)g; u = (1−β)g + βm; O = NS5(u); W ← W − lr·√max(1, out/in)·O.
  function reference(steps: number): number[] {
    type M = number[][];
    const mm = (a: M, b: M): M => a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
    const T = (a: M): M => a[0]!.map((_, j) => a.map((r) => r[j]!));
    const lin = (a: M, x: number, b: M, y: number): M => a.map((r, i) => r.map((v, j) => x * v + y * b[i]![j]!));
    const ns5 = (g: M): M => {
      let X = g.length > g[0]!.length ? T(g) : g;
      const fro = Math.sqrt(X.flat().reduce((s, v) => s + v * v, 0));
      X = X.map((r) => r.map((v) => v / (fro + 1e-7)));
      for (let k = 0; k < 5; k++) {
        const A = mm(X, T(X));
        const B = lin(A, -4.775, mm(A, A), 2.0315);
        X = lin(X, 3.4445, mm(B, X), 1);
      }
      return g.length > g[0]!.length ? T(X) : X;
    };
    let W: M = [[1, 0], [0, 1], [0, 0]];
    let m: M = [[0, 0], [0, 0], [0, 0]];
    const gs: M[] = [[[1, 2], [3, 4], [5, 6]], [[0, 1], [1, 0], [1, 1]]];
    for (let s = 0; s < steps; s++) {
      const g = gs[s]!;
      m = lin(m, 0.95, g, 0.05);
      const u = lin(g, 0.05, m, 0.95);
      W = lin(W, 1, ns5(u), -0.1 * Math.sqrt(1.5));
    }
    return W.flat();
  }
  function muon(opts: ConstructorParameters<typeof Muon>[1]): number[] {
    const W = tensor([[1, 0], [0, 1], [0, 0]], { dtype: "float64", requiresGrad: true });
    const opt = new Muon([W], { lr: 0.1, ...opts });
    for (const g of [[[1, 2], [3, 4], [5, 6]], [[0, 1], [1, 0], [1, 1]]]) {
      W.grad = f64(g);
      opt.step();
    }
    return Array.from(W.data());
  }
  it("Muon's Newton–Schulz: matches the reference and the research note's W₂", () => {
    const w = muon({});
    expectClose(w, reference(2), 1e-12);
    expectClose(w, [[1.120917, -0.159976], [-0.08631, 0.961147], [-0.121798, -0.085269]], 1e-6);
  });
  it("exact orthogonalisation (SVD): the research note's W₂", () => {
    expectClose(muon({ method: "svd" }), [[1.122558, -0.184615], [-0.104092, 0.928817], [-0.166603, -0.124964]], 1e-6);
  });
  it("is SteepestDescent under Muon's norm (a preset, not separate code)", () => {
    const W = tensor([[1, 0], [0, 1], [0, 0]], { requiresGrad: true });
    const opt = new Muon([W]);
    expect(opt).toBeInstanceOf(SteepestDescent);
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.02, momentum: 0.95, nesterov: true, momentumStyle: "ema", normalized: true, weightDecay: 0 });
    expect(() => new Muon([tensor([1, 2], { requiresGrad: true })])).toThrow(/matrices only/);
  });
});

describe("O6 steepest descent on ½‖x − c‖², c = [1, 0.25], from 0", () => {
  const c = f64([1, 0.25]);
  function path(norm: norms.Norm, lr: number, normalized: boolean, steps = 4): number[][] {
    const x = tensor([0, 0], { dtype: "float64", requiresGrad: true });
    const opt = new SteepestDescent([x], { norm, lr, normalized });
    const out: number[][] = [];
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      sum(square(sub(x, c))).mul(0.5).backward();
      opt.step();
      out.push(Array.from(x.data()));
    }
    return out;
  }
  it("normalized ℓ∞ (sign descent), lr 0.25, reaches c exactly at step 4", () => {
    expectClose(path(norms.linf(), 0.25, true).flat(), [0.25, 0.25, 0.5, 0.25, 0.75, 0.25, 1, 0.25], 0);
  });
  it("unnormalized ℓ1 (greedy coordinate descent), lr 1, reaches c at step 2", () => {
    expectClose(path(norms.l1(), 1, false, 2).flat(), [1, 0, 1, 0.25], 0);
  });
  it("normalized ℓ2, lr 0.25: distance to c falls by 0.25 a step", () => {
    const d = path(norms.l2(), 0.25, true).map(([a, b]) => Math.hypot(a! - 1, b! - 0.25));
    expectClose(d, [0.780776, 0.530776, 0.280776, 0.030776], 1e-6);
  });
  it("O7: with sharpness λ the unnormalized ℓ∞ step is −sharp(g)/λ", () => {
    // argmin_Δ ⟨g, Δ⟩ + (λ/2)‖Δ‖∞² at g = [−1, −0.25], λ = 2: Δ = [0.625, 0.625]
    expectClose(norms.sharp(norms.linf(), f64([-1, -0.25])), [-1.25, -1.25], 0);
    const x = tensor([0, 0], { dtype: "float64", requiresGrad: true });
    x.grad = f64([-1, -0.25]);
    new SteepestDescent([x], { norm: norms.linf(), lr: 1 / 2, normalized: false }).step();
    expectClose(x, [0.625, 0.625], 0);
  });
});

describe("parameter groups, options and gradients", () => {
  it("groups get their own options; changing paramGroups[i].lr takes effect at the next step", () => {
    const a = tensor([1], { dtype: "float64", requiresGrad: true });
    const b = tensor([1], { dtype: "float64", requiresGrad: true });
    const opt = new SteepestDescent([{ params: [a] }, { params: [b], lr: 0.5, norm: norms.l2() }], { norm: norms.linf(), lr: 0.1 });
    a.grad = f64([2]);
    b.grad = f64([2]);
    opt.step();
    expectClose([a.item(), b.item()], [0.9, 0.5], 1e-15);
    opt.paramGroups[0]!.lr = 0.2;
    opt.step();
    expectClose([a.item(), b.item()], [0.7, 0], 1e-15);
  });
  it("a parameter without a gradient does not move and keeps its state (PyTorch skips it)", () => {
    const a = tensor([1, 1], { dtype: "float64", requiresGrad: true });
    const b = tensor([1, 1], { dtype: "float64", requiresGrad: true });
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = f64([1, -1]);
    opt.step();
    expect(Array.from(b.data())).toEqual([1, 1]);
    b.grad = f64([1, -1]);
    a.grad = null;
    opt.step();
    // b's first Adam step is a full lr·sign step (its own step count is 1)
    expectClose(b, [0.9, 1.1], 1e-8);
    expectClose(a, [0.9, 1.1], 1e-8);
  });
  it("steps run under noGrad through assign: version counters move, nothing is recorded", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const v0 = w._version;
    w.grad = tensor([1, 1]);
    new SGD([w], { lr: 0.1 }).step();
    expect(w._version).toBe(v0 + 1);
    expect(w.isLeaf).toBe(true);
  });
  it("step(closure) evaluates the loss with gradients enabled and returns it", () => {
    const w = tensor([3], { dtype: "float64", requiresGrad: true });
    const opt = new SGD([w], { lr: 0.25 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = square(w).sum();
      l.backward();
      return l;
    });
    expect(loss).toBe(9);
    expect(w.item()).toBe(1.5);
  });
  it("clear errors", () => {
    const w = tensor([1], { requiresGrad: true });
    expect(() => new SGD([])).toThrow(/empty parameter list/);
    expect(() => new SGD([tensor([1])])).toThrow(/does not require grad/);
    expect(() => new SGD([w.mul(2)])).toThrow(/not a leaf/);
    expect(() => new SGD([w, w])).toThrow(/more than once/);
    expect(() => new SGD([w], { nesterov: true })).toThrow(/Nesterov momentum requires momentum > 0/);
    expect(() => new Adam([w], { betas: [1, 0.9] })).toThrow(/Adam: beta1 must be a number in \[0, 1\)/);
    expect(() => new SteepestDescent([w], { lr: 0.1 } as never)).toThrow(/norm must be a Norm/);
  });
});
