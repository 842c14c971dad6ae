import { afterEach, describe, expect, it, vi } from "vitest";
import {
  add, backward, div, exp, grad, greater, log, mul, relu, scalar, sin, sub, sum, tensor, valueAndGrad, where, type Tensor,
} from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { compile, type Compiled, type CompiledSignature } from "../../src/compile/compile.js";
import { functionFactory } from "../../src/compile/function-factory.js";
import { withDocumentedExp } from "./documented-math.js";
import { expectSameBits } from "./same-bits.js";

const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2)); // ln x1 + x1·x2 − sin x2

/** compile(g) with a record of every signature it traced. */
function compiledWithLog<F extends (...args: never[]) => unknown>(g: F): [Compiled<F>, CompiledSignature[]] {
  const log: CompiledSignature[] = [];
  return [compile(g, { onCompile: (c) => log.push(c) }), log];
}

afterEach(() => vi.restoreAllMocks());

describe("compile: the notes' f(x1, x2) = ln x1 + x1·x2 − sin x2", () => {
  it("value and gradient equal the closed form in float64, for numbers and tensors", () => {
    const vg = compile(valueAndGrad(f, { argnums: [0, 1] }));
    for (const [x1, x2] of [[2, 5], [0.5, -1.25], [3, 0]] as const) {
      for (const [v, [g1, g2]] of [vg(x1, x2), vg(scalar(x1, "float64"), scalar(x2, "float64"))]) {
        expect(v.item()).toBe(Math.log(x1) + x1 * x2 - Math.sin(x2));
        expect(g1!.item()).toBe(x2 + 1 / x1); // ∂f/∂x1 = x2 + 1/x1
        expect(g2!.item()).toBe(-Math.cos(x2) + x1); // ∂f/∂x2 = x1 − cos x2
        expect(v.dtype).toBe("float64");
      }
    }
  });

  it("is bit-identical to the uncompiled valueAndGrad in float32 and float64", () => {
    const vg = valueAndGrad(f, { argnums: [0, 1] });
    const cvg = compile(vg);
    for (const dtype of ["float32", "float64"] as const)
      for (const [x1, x2] of [[2, 5], [0.3, 7.1], [1e-3, -2]]) {
        const args = [scalar(x1, dtype), scalar(x2, dtype)] as const;
        expectSameBits(cvg(...args), vg(...args));
      }
  });

  it("generates straight-line scalar code: no loops, no kernel calls, dead and repeated primitives gone", () => {
    const [vg, log] = compiledWithLog(valueAndGrad(f, { argnums: [0, 1] }));
    vg(2, 5);
    const { source, program, traced } = log[0]!;
    expect(source).not.toMatch(/for \(|\.impl\(/);
    expect(source).toMatch(/const s\d+ = Math\.log\(s/);
    expect(program.equations.length).toBeLessThan(traced.equations.length);
    expect(program.equations.map((e) => e.prim.name).sort()).toEqual(["add", "add", "add", "cos", "div", "log", "mul", "mul", "sin", "sub"]);
  });
});

describe("compile: elementwise chains", () => {
  it("fuses exp(x) + x·x into one loop and matches the interpreter bit for bit in float32", () => {
    const h = (x: Tensor) => add(exp(x), mul(x, x));
    const [ch, log] = compiledWithLog(h);
    const x = tensor(Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3));
    expectSameBits(ch(x), h(x));
    expect(log[0]!.source!.match(/for \(/g)).toHaveLength(1);
    expect(log[0]!.source).toMatch(/Math\.fround/);
  });

  it("matches the default backend bit for bit on arrays large enough for its wasm kernels (float32 exp: the kernels' own)", () => {
    const h = (x: Tensor) => div(log(add(mul(x, x), 1)), sub(exp(x), mul(x, 0.5)));
    const x = tensor(Float32Array.from({ length: 6000 }, (_, i) => Math.sin(i) * 4), { shape: [6000] });
    expectSameBits(compile(h)(x), withDocumentedExp(() => h(x)));
  });

  it("on the wasm backend, arrays from its size threshold up run one generated wasm kernel (the JS loop its fallback); on the JS backend, one fused loop", () => {
    const h = (x: Tensor) => add(exp(x), mul(x, x));
    const x = tensor(Float32Array.from({ length: 6000 }, (_, i) => Math.sin(i) * 4), { shape: [6000] });
    const previous = getBackend();
    try {
      for (const backend of [cpuBackend, wasmBackend]) {
        if (backend === wasmBackend && !wasmReady()) continue;
        setBackend(backend);
        const [ch, log] = compiledWithLog(h);
        expectSameBits(ch(x), withDocumentedExp(() => h(x)));
        expect(log[0]!.source!.match(/for \(/g)?.length ?? 0).toBe(1);
        expect(log[0]!.source!.match(/rt\.runLoopKernel/g)?.length ?? 0).toBe(backend === wasmBackend ? 1 : 0);
      }
    } finally {
      setBackend(previous);
    }
  });

  it("fuses broadcast operands that are one run of axes: a bias row, a keepdims column", () => {
    const layer = (x: Tensor, b: Tensor, c: Tensor) => mul(relu(add(x, b)), exp(sub(x, c)));
    const [cl, log] = compiledWithLog(layer);
    const x = tensor([[1, -2, 3], [0.5, 4, -1]]);
    const b = tensor([0.25, 3, -2]);
    const c = tensor([[1], [-1]]);
    expectSameBits(cl(x, b, c), layer(x, b, c));
    expect(log[0]!.source!.match(/for \(/g)).toHaveLength(1);
    expect(log[0]!.source).toMatch(/\[i % 3\]/);
    expect(log[0]!.source).toMatch(/\[\(\(i \/ 3\) \| 0\)\]/);
  });

  it("runs a loop over fewer elements before a loop that broadcasts its results", () => {
    const g = (x: Tensor, c: Tensor) => sum(sub(x, exp(mul(c, c)))); // sum closes the bigger loop first
    const [cg, log] = compiledWithLog(g);
    const x = tensor([[1, -2, 3], [0.5, 4, -1]]);
    const c = tensor([[1], [-0.5]]);
    expectSameBits(cg(x, c), g(x, c));
    expect(log[0]!.source!.match(/for \(/g)).toHaveLength(2);
  });

  it("computes the gradient of a sum of a chain in one loop", () => {
    const loss = (x: Tensor) => sum(mul(exp(x), sin(x)));
    const [cg, log] = compiledWithLog(grad(loss));
    const x = tensor([0.1, -2, 3.5, 0], { dtype: "float64" });
    expectSameBits(cg(x), grad(loss)(x));
    expect(log[0]!.source!.match(/for \(/g)).toHaveLength(1);
    expect(log[0]!.program.equations.some((e) => e.prim.name === "sum")).toBe(false); // the loss value is dead code
  });
});

describe("compile: trees, several outputs, aux, signatures", () => {
  it("takes and returns trees of tensors, numbers (float64 scalars, as for every transform) and null", () => {
    const g = (p: { w: Tensor; b: Tensor }, xs: [Tensor, number], nothing: null) => ({
      y: add(mul(p.w, xs[0]), p.b),
      parts: [exp(p.b), mul(xs[1], p.w)],
      nothing,
    });
    const cg = compile(g);
    const p = { w: tensor([1, 2, 3]), b: tensor([0.5, -1, 2]) };
    const x = tensor([4, 5, 6]);
    const expected = g(p, [x, scalar(3, "float64") as unknown as number], null);
    expectSameBits(cg(p, [x, 3], null), expected);
    expectSameBits(cg(p, [x, 3], null), expected); // second call: the cached code
  });

  it("valueAndGrad with several arguments, hasAux and tree gradients", () => {
    const loss = (p: { a: Tensor; b: Tensor }, x: Tensor): [Tensor, { fit: Tensor }] => {
      const r = sub(mul(p.a, x), p.b);
      return [sum(mul(r, r)), { fit: r }];
    };
    const vg = valueAndGrad(loss, { hasAux: true });
    const cvg = compile(vg);
    const p = { a: tensor([1, -2], { dtype: "float64" }), b: tensor(0.25, { dtype: "float64" }) };
    const x = tensor([3, 4], { dtype: "float64" });
    expectSameBits(cvg(p, x), vg(p, x));
  });

  it("retraces for a new shape, dtype or tree structure and reuses earlier code when one comes back", () => {
    const [cg, log] = compiledWithLog((x: Tensor) => mul(exp(x), 2));
    const a = tensor([1, 2]);
    const b = tensor([1, 2, 3]);
    expectSameBits(cg(a), mul(exp(a), 2));
    expectSameBits(cg(b), mul(exp(b), 2));
    expectSameBits(cg(a), mul(exp(a), 2));
    expect(log).toHaveLength(2);
    const c = tensor([1, 2], { dtype: "float64" });
    expectSameBits(cg(c), mul(exp(c), 2));
    expect(log).toHaveLength(3);
    cg(b);
    cg(c);
    expect(log).toHaveLength(3);
  });

  it("treats an object with another set of keys as another signature", () => {
    const [cg, log] = compiledWithLog((p: Record<string, Tensor>) => Object.values(p).reduce((a, b) => add(a, b)));
    const a = tensor(1);
    expectSameBits(cg({ x: a, y: a }), tensor(2));
    expectSameBits(cg({ x: a, y: a, z: a }), tensor(3));
    expectSameBits(cg({ x: a, z: a }), tensor(2));
    expect(log).toHaveLength(3);
  });

  it("copies outputs that are inputs or constants, so results never alias them", () => {
    const x = tensor([1, 2]);
    const two = tensor([2, 2]);
    const cg = compile((t: Tensor) => [t, two, mul(t, 1)]);
    const [y0, y1, y2] = cg(x) as Tensor[];
    for (const y of [y0, y1, y2]) expect(y!._data === x._data || y!._data === two._data).toBe(false);
    expectSameBits([y0, y1, y2], [x, two, x]);
  });
});

describe("compile: control flow is frozen, and says so", () => {
  it.each([
    ["item()", (x: Tensor) => (x.item() > 0 ? x : mul(x, -1))],
    ["data()", (x: Tensor) => (x.data()[0]! > 0 ? x : mul(x, -1))],
    ["toString()", (x: Tensor) => ((x as unknown as number) > 0 ? x : mul(x, -1))],
    ["toString()", (x: Tensor) => mul(x, Number(sum(x)))],
  ])("reading a traced value with %s throws instead of baking in a branch", (op, g) => {
    const cg = compile(g);
    expect(() => cg(tensor(2))).toThrow(/freezes JavaScript control flow/);
    expect(() => cg(tensor(2))).toThrow(op);
    expect(() => cg(tensor(2))).toThrow(/where\(cond, a, b\)/);
  });

  it("where() is the compiled way to branch", () => {
    const g = (x: Tensor) => where(greater(x, 0), x, mul(x, -1));
    const cg = compile(g);
    const x = tensor([-2, 0.5, 0, 3]);
    expectSameBits(cg(x), g(x));
  });

  it("trace without compile still records the branch taken", () => {
    const g = (x: Tensor) => (x.item() > 0 ? x : mul(x, -1));
    expect(() => valueAndGrad(g)(2)).not.toThrow();
  });
});

describe("compile: without new Function (Content Security Policy without 'unsafe-eval')", () => {
  it("falls back to interpreting the optimised program, with the same results", () => {
    vi.spyOn(functionFactory, "make").mockImplementation(() => {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
    });
    const vg = valueAndGrad(f, { argnums: [0, 1] });
    const [cvg, log] = compiledWithLog(vg);
    expectSameBits(cvg(2, 5), vg(2, 5));
    expectSameBits(cvg(2, 5), vg(2, 5));
    const x = scalar(2, "float32");
    expectSameBits(cvg(x, 3), vg(x, 3)); // another signature
    expect(log.map((c) => c.source)).toEqual([null, null]);
    expect(functionFactory.make).toHaveBeenCalledTimes(3); // the per-call wrapper, then one per signature
  });

  it("does not hide bugs: other errors of code generation propagate", () => {
    vi.spyOn(functionFactory, "make").mockImplementation(() => {
      throw new SyntaxError("Unexpected token");
    });
    expect(() => compile(f)(2, 5)).toThrow(SyntaxError);
  });
});

describe("compile under transforms and the eager API", () => {
  it("is transparent to grad: grad(compile(f)) = grad(f)", () => {
    const cf = compile(f);
    cf(2, 5); // compiled once for concrete arguments
    expectSameBits(grad(cf, { argnums: [0, 1] })(2, 5), grad(f, { argnums: [0, 1] })(2, 5));
  });

  it("runs f itself for requiresGrad arguments, so backward() works", () => {
    const x = tensor(2, { dtype: "float64", requiresGrad: true });
    const y = compile((t: Tensor) => mul(t, exp(t)))(x);
    backward(y);
    expect(x.grad!.item()).toBe(Math.exp(2) + 2 * Math.exp(2));
  });

  it("does not compile a function that closes over a value being differentiated", () => {
    const outer = (y: Tensor) => compile((x: Tensor) => mul(x, y))(tensor(3, { dtype: "float64" }));
    expect(grad(outer)(2).item()).toBe(3);
  });
});
