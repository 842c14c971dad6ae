// compile's one rule for tensors a compiled function closes over: those that existed before the
// trace (parameters, buffers, any tensor the caller holds) are read at call time, as torch.compile
// reads a module's parameters; tensors made while tracing are constants and may be folded.
import { afterEach, describe, expect, it, vi } from "vitest";
import { add, mseLoss, mul, nn, noGrad, optim, scalar, sum, tensor, valueAndGrad, type Tensor } from "../../src/index.js";
import { getBackend, setBackend, type Backend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { compile, type CompiledSignature } from "../../src/compile/compile.js";
import { functionFactory } from "../../src/compile/function-factory.js";
import { expectSameBits } from "./same-bits.js";

afterEach(() => vi.restoreAllMocks());

const backends: [string, Backend][] = [["cpu", cpuBackend], ...(wasmReady() ? [["wasm", wasmBackend] as [string, Backend]] : [])];

function onBackend(b: Backend, fn: () => void): void {
  const prev = getBackend();
  setBackend(b);
  try {
    fn();
  } finally {
    setBackend(prev);
  }
}

/** One eager training step of `model` on (x, y) with `opt`. */
function trainStep(model: nn.Module<[Tensor], Tensor>, opt: { zeroGrad(): void; step(): void }, x: Tensor, y: Tensor): void {
  opt.zeroGrad();
  mseLoss(model.forward(x), y).backward();
  opt.step();
}

const data = (rows: number, cols: number, seed: number): Tensor =>
  tensor(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(seed + 1.7 * i + 0.3 * j))));

describe.each(backends)("compile: closed-over parameters are read live (%s backend)", (_name, backend) => {
  for (const [label, makeOpt] of [
    ["SGD", (m: nn.Module) => new optim.SGD(m.parameters(), { lr: 0.1 })],
    ["Adam", (m: nn.Module) => new optim.Adam(m.parameters(), { lr: 0.05 })],
  ] as const) {
    for (const [rows, inF, outF] of [[4, 3, 2], [3, 5, 1], [64, 40, 48]] as const) {
      it(`compile(x => model.forward(x)) equals the uncompiled forward after each ${label} step (Linear(${inF}, ${outF}), batch ${rows})`, () => {
        onBackend(backend, () => {
          const model = new nn.Linear(inF, outF, { seed: 1 });
          const opt = makeOpt(model);
          const x = data(rows, inF, 0);
          const y = data(rows, outF, 1);
          const traces: CompiledSignature[] = [];
          const forward = compile((t: Tensor) => model.forward(t), { onCompile: (c) => traces.push(c) });
          for (let step = 0; step < 3; step++) {
            expectSameBits(noGrad(() => forward(x)), noGrad(() => model.forward(x)), `step ${step}`);
            trainStep(model, opt, x, y);
          }
          expectSameBits(noGrad(() => forward(x)), noGrad(() => model.forward(x)), "after the last step");
          expect(traces).toHaveLength(1); // read live, not re-traced
        });
      });
    }
  }

  it("compile(valueAndGrad(loss)) in a training loop follows the weights and the bias", () => {
    onBackend(backend, () => {
      const model = new nn.Linear(6, 3, { seed: 2 });
      const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
      const x = data(8, 6, 2);
      const y = data(8, 3, 3);
      const lossOf = (t: Tensor, target: Tensor) => mseLoss(model.forward(t), target);
      const compiled = compile(valueAndGrad(lossOf));
      const plain = valueAndGrad(lossOf);
      for (let step = 0; step < 4; step++) {
        expectSameBits(noGrad(() => compiled(x, y)), noGrad(() => plain(x, y)), `step ${step}`);
        trainStep(model, opt, x, y);
      }
    });
  });

  it("follows a parameter replaced with assign (a one-element bias and a bias row)", () => {
    onBackend(backend, () => {
      for (const outF of [1, 4]) {
        const model = new nn.Linear(3, outF, { seed: 3 });
        const x = data(5, 3, 4);
        const forward = compile((t: Tensor) => model.forward(t));
        expectSameBits(noGrad(() => forward(x)), noGrad(() => model.forward(x)), "before");
        noGrad(() => model.bias!.assign(tensor(Array.from({ length: outF }, (_, i) => 10 + i))));
        noGrad(() => model.weight.assign(model.weight.mul(-2)));
        expectSameBits(noGrad(() => forward(x)), noGrad(() => model.forward(x)), `after assign (out ${outF})`);
      }
    });
  });
});

describe("compile: which closed-over tensors are constants", () => {
  it("operations on closed-over tensors alone are computed at call time, not folded at trace time", () => {
    const c = tensor([1, 2, 3]);
    const s = scalar(2);
    const h = compile((x: Tensor) => add(x, mul(mul(c, s), c)));
    const x = tensor([0.5, 0.25, 0.125]);
    expectSameBits(h(x), add(x, mul(mul(c, s), c)));
    noGrad(() => c.assign(tensor([-1, 4, 7])));
    noGrad(() => s.assign(3));
    expectSameBits(h(x), add(x, mul(mul(c, s), c)));
  });

  it("a closed-over tensor equal to 1 is not folded away (it may change); one made while tracing is", () => {
    const one = scalar(1);
    const traces: CompiledSignature[] = [];
    const live = compile((x: Tensor) => mul(x, one), { onCompile: (c) => traces.push(c) });
    const made = compile((x: Tensor) => mul(x, scalar(1)), { onCompile: (c) => traces.push(c) });
    const x = tensor([1.5, -2]);
    expectSameBits(live(x), x);
    expectSameBits(made(x), x);
    expect(traces[0]!.program.equations).toHaveLength(1); // x · one stays
    expect(traces[1]!.program.equations).toHaveLength(0); // x · 1 folds
    noGrad(() => one.assign(4));
    expectSameBits(live(x), mul(x, 4));
  });

  it("a parameter that requires grad is read live inside a function of its own", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const f = compile((x: Tensor) => sum(mul(x, w)));
    const x = tensor([3, 4]);
    expect(noGrad(() => f(x)).item()).toBe(11);
    noGrad(() => w.assign(tensor([0, 1])));
    expect(noGrad(() => f(x)).item()).toBe(4);
  });
});

describe("compile: closed-over tensors without new Function", () => {
  it("the interpreted fallback reads them live too", () => {
    vi.spyOn(functionFactory, "make").mockImplementation(() => {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
    });
    const model = new nn.Linear(3, 2, { seed: 5 });
    const x = data(4, 3, 5);
    const forward = compile((t: Tensor) => model.forward(t));
    expectSameBits(noGrad(() => forward(x)), noGrad(() => model.forward(x)), "before");
    noGrad(() => model.bias!.assign(tensor([7, -7])));
    expectSameBits(noGrad(() => forward(x)), noGrad(() => model.forward(x)), "after assign");
    expect(functionFactory.make).toHaveBeenCalledTimes(2); // the per-call wrapper and the one signature
  });
});

describe("compile: closed-over parameters and backward()", () => {
  it("with eager recording on, f runs as it is, so backward() reaches the parameters", () => {
    const model = new nn.Linear(4, 3, { seed: 6 });
    const x = data(5, 4, 6);
    const y = data(5, 3, 7);
    const body = vi.fn((t: Tensor) => model.forward(t));
    const forward = compile(body);
    const gradsOf = (fwd: (t: Tensor) => Tensor): Tensor[] => {
      model.zeroGrad();
      const out = fwd(x);
      expect(out.requiresGrad).toBe(true);
      mseLoss(out, y).backward();
      return [model.weight.grad!, model.bias!.grad!];
    };
    const expected = gradsOf((t) => model.forward(t));
    for (let i = 0; i < 2; i++) expectSameBits(gradsOf(forward), expected);
    expect(body.mock.calls.length).toBeGreaterThanOrEqual(3); // the trace, then f itself on each call
  });

  it("inside noGrad, or with no parameter requiring grad, the compiled code runs (f is not called again)", () => {
    const model = new nn.Linear(4, 3, { seed: 8 });
    const x = data(5, 4, 8);
    const body = vi.fn((t: Tensor) => model.forward(t));
    const forward = compile(body);
    const expected = noGrad(() => model.forward(x));
    expectSameBits(noGrad(() => forward(x)), expected);
    const traced = body.mock.calls.length;
    for (let i = 0; i < 3; i++) expectSameBits(noGrad(() => forward(x)), expected);
    for (const p of model.parameters()) p.requiresGrad = false; // a frozen model
    expectSameBits(forward(x), expected);
    expect(body.mock.calls.length).toBe(traced);
  });
});

describe("compile: closed-over buffers", () => {
  it("BatchNorm1d in eval mode reads its running statistics live after more training", () => {
    const bn = new nn.BatchNorm1d(3);
    const x = data(6, 3, 9);
    bn.eval();
    const forward = compile((t: Tensor) => bn.forward(t));
    expectSameBits(noGrad(() => forward(x)), noGrad(() => bn.forward(x)), "before");
    bn.train();
    noGrad(() => bn.forward(data(6, 3, 10))); // updates runningMean, runningVar (assign)
    bn.eval();
    expectSameBits(noGrad(() => forward(x)), noGrad(() => bn.forward(x)), "after the running statistics moved");
  });
});
