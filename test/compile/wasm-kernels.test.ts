// compile's generated WebAssembly kernels (src/compile/wasm/): from the wasm backend's native size up
// (2,048 elements), fused elementwise loops run as SIMD kernels built at run time. Every kernel here
// is bit-compared with the interpreter (uncompiled, the same backend; for float32 exp the kernels'
// own function, documented-math.ts, whose ulp error wasm-vector-math.test.ts measures) on seeded random values with
// NaN, ±∞, ±0 and denormals among them, in float32 and float64, over sizes with and without a scalar
// tail and under every broadcast a loop takes (scalars, bias rows, keepdims columns, middle axes).
import { afterEach, describe, expect, it } from "vitest";
import {
  abs, add, cast, ceil, compile, div, exp, floor, greater, grad, less, log, logicalAnd, logicalNot, logicalOr, maximum, mean, mul, neg, relu,
  round, sigmoid, sign, sin, sqrt, sub, sum, tanh, tensor, where, type Tensor,
} from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmArenaLimits } from "../../src/backend/wasm/arena.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { compiledRuntime } from "../../src/compile/compiled-runtime.js";
import { vectorKernelSettings, wasmSimdSupported } from "../../src/compile/wasm/vector-kernels-available.js";
import { loopKernelTuning } from "../../src/compile/wasm/loop-kernel.js";
import { withDocumentedExp } from "./documented-math.js";
import { expectSameBits } from "./same-bits.js";

type Dtype = "float32" | "float64";

/** Seeded values in ±4 with NaN, ±∞, ±0, denormals and huge magnitudes sprinkled in. */
function values(n: number, seed: number, dtype: Dtype): number[] {
  let s = seed >>> 0;
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const tiny = dtype === "float32" ? 1e-40 : 5e-320;
  const special = [NaN, Infinity, -Infinity, 0, -0, tiny, -tiny, 1e30, -1e30, 0.5, 2.5, -2.5];
  return Array.from({ length: n }, () => (next() < 0.05 ? special[Math.floor(next() * special.length)]! : (next() - 0.5) * 8));
}

/** Seeded finite values of magnitudes from 2⁻²⁰ to 2²⁰ (so that the order of a sum changes its bits). */
function finite(n: number, seed: number, dtype: Dtype): Tensor {
  let s = seed >>> 0;
  const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return tensor(Array.from({ length: n }, () => (next() - 0.5) * 2 ** Math.floor(next() * 40 - 20)), { dtype });
}

const input = (shape: number[], seed: number, dtype: Dtype): Tensor =>
  tensor(values(shape.reduce((a, b) => a * b, 1), seed, dtype), { dtype, shape });

/** Counts the loop kernels that ran (runLoopKernel returned true) while `f` runs. */
function kernelRuns<T>(f: () => T): [T, number] {
  const original = compiledRuntime.runLoopKernel;
  let runs = 0;
  compiledRuntime.runLoopKernel = (...args) => {
    const ran = original(...args);
    if (ran) runs++;
    return ran;
  };
  try {
    return [f(), runs];
  } finally {
    compiledRuntime.runLoopKernel = original;
  }
}

/**
 * compile(f) on `args`: same bits as f uncompiled (float32 exp: the kernels' own, see
 * documented-math.ts), with at least `kernels` wasm loop kernels run.
 */
function checkCompiled(f: (...a: Tensor[]) => Tensor | Tensor[], args: Tensor[], kernels = 1): void {
  const want = withDocumentedExp(() => f(...args));
  const [got, runs] = kernelRuns(() => compile(f)(...args));
  expectSameBits(got, want);
  expect(runs, "wasm loop kernels run").toBeGreaterThanOrEqual(kernels);
}

const available = wasmReady() && wasmSimdSupported();

describe.skipIf(!available)("compile: generated wasm kernels ≡ interpreter (wasm backend)", () => {
  afterEach(() => {
    vectorKernelSettings.enabled = true;
  });

  it("runs on the wasm backend (the default), with SIMD", () => {
    expect(getBackend().name).toBe("wasm");
  });

  it("four vectors per main-loop iteration (and one): the interpreter's bits, for tails of 0 to 15 elements and broadcast rows and columns", () => {
    const f = (x: Tensor, row: Tensor, col: Tensor): Tensor => add(tanh(mul(x, row)), mul(exp(sub(x, col)), x));
    const saved = loopKernelTuning.unroll;
    try {
      for (const unroll of [4, 1])
        for (const dtype of ["float32", "float64"] as const)
          for (const [r, k] of [[1, 4096], [1, 4099], [1, 4101], [1, 4104], [1, 4109], [1, 4111], [257, 16], [300, 12], [129, 33], [2050, 1]] as const) {
            loopKernelTuning.unroll = unroll;
            const args = (seed: number): Tensor[] => [input([r, k], seed, dtype), input([k], seed + 1, dtype), input([r, 1], seed + 2, dtype)]; // NaN, ±∞, ±0, denormals among them
            const want = withDocumentedExp(() => f(...(args(1) as [Tensor, Tensor, Tensor])));
            const cf = compile(f);
            cf(...(args(7) as [Tensor, Tensor, Tensor])); // other values in the kernel's scratch: an element it failed to write would show
            const [got, runs] = kernelRuns(() => cf(...(args(1) as [Tensor, Tensor, Tensor])));
            expectSameBits(got, want);
            expect(runs, `${dtype} [${r}, ${k}], ${unroll} vectors an iteration: a wasm kernel ran`).toBe(1);
          }
    } finally {
      loopKernelTuning.unroll = saved;
    }
  });

  for (const dtype of ["float32", "float64"] as const) {
    describe(dtype, () => {
      for (const n of [2048, 2049, 2050, 2051, 5003])
        it(`exp(x) + x·x over ${n} elements (tail ${n % (dtype === "float32" ? 4 : 2)})`, () => {
          checkCompiled((x) => add(exp(x), mul(x, x)), [input([n], n, dtype)]);
        });

      it("arithmetic, rounding, sign, maximum, tanh, sqrt in one loop", () => {
        const f = (x: Tensor, y: Tensor): Tensor[] => {
          const a = div(sub(x, y), add(abs(y), 1));
          const b = maximum(tanh(a), neg(sqrt(abs(x))));
          return [add(mul(b, floor(x)), ceil(y)), sub(round(mul(x, 3)), sign(y))];
        };
        checkCompiled(f, [input([37, 61], 1, dtype), input([37, 61], 2, dtype)]);
      });

      it("log (a vector op in float32; float64 keeps Math.log as a call)", () => {
        checkCompiled((x) => mul(log(abs(x)), log(x)), [input([3001], 3, dtype)], dtype === "float32" ? 1 : 0);
      });

      it("comparisons, where, bool results and bool operands (contiguous, tail, splat)", () => {
        const mask = tensor(values(4099, 9, dtype).map((v) => v > 0), { dtype: "bool" });
        const f = (x: Tensor, y: Tensor, m: Tensor): Tensor[] => {
          const c = greater(x, y);
          return [where(c, x, mul(y, 2)), logicalAnd(c, m), logicalOr(logicalNot(m), less(x, 0)), cast(c, dtype), cast(x, "bool")];
        };
        checkCompiled(f, [input([4099], 4, dtype), input([4099], 5, dtype), mask]);
        const cond = tensor([true]);
        checkCompiled((x, c) => where(logicalAnd(greater(x, 0), c), x, neg(x)), [input([2051], 6, dtype), cond]);
      });

      it("sigmoid and relu (composites over exp, where, maximum)", () => {
        checkCompiled((x) => add(sigmoid(x), relu(x)), [input([64, 33], 7, dtype)]);
      });

      it("scalars: a one-element argument, a number argument and literals", () => {
        checkCompiled((x, s) => add(mul(x, s), exp(sub(x, 0.75))), [input([2050], 8, dtype), input([], 9, dtype)]);
        checkCompiled((x, s) => mul(add(x, 1), s), [input([2050], 10, dtype), tensor(-0.5, { dtype })]);
      });

      for (const [shape, other] of [
        [[40, 64], [64]], // bias row, a multiple of the lanes: vectors with a counter
        [[300, 7], [7]], // bias row of odd length: lane by lane
        [[32, 64], [32, 1]], // keepdims column, inner run a multiple of the lanes: splats
        [[300, 7], [300, 1]], // keepdims column of odd inner length: lane by lane
        [[9, 17, 16], [1, 17, 1]], // a middle axis: column splats
        [[9, 17, 16], [17, 16]], // trailing axes: a row of 272
        [[2, 1031], [2, 1]], // a column whose runs do not line up with whole vectors
      ] as const)
        it(`broadcasts [${other.join(", ")}] against [${shape.join(", ")}]`, () => {
          const f = (x: Tensor, b: Tensor): Tensor[] => [add(mul(x, b), exp(b)), where(greater(x, b), sub(x, b), b)];
          checkCompiled(f, [input([...shape], 11, dtype), input([...other], 12, dtype)]);
        });

      for (const n of [2048, 2051, 2053, 2055, 2057, 6007])
        it(`sums of all elements fused into the kernel, with the backend's sum's bits (${n} elements)`, () => {
          const f = (x: Tensor, y: Tensor): Tensor[] => [sum(mul(x, y)), mean(exp(div(x, 8))), sum(where(greater(x, 0), x, 0)), add(x, y)];
          const [x, y] = [finite(n, n, dtype), finite(n, n + 1, dtype)];
          let source = "";
          const want = withDocumentedExp(() => f(x, y));
          const [got, runs] = kernelRuns(() => compile(f, { onCompile: (c) => (source = c.source!) })(x, y));
          expectSameBits(got, want);
          expect(runs).toBe(1);
          expect(source).not.toContain(".impl("); // no sum kernel called
        });

      it("gradients: compile(grad) with its forward and backward loops", () => {
        const g = grad((x: Tensor) => sum(mul(tanh(x), sigmoid(x))));
        checkCompiled(g, [input([50, 50], 13, dtype)]);
      });
    });
  }

  it("a loop with an op the emitter lacks keeps that op a kernel call, and the rest a wasm kernel", () => {
    const f = (x: Tensor): Tensor => add(sin(x), mul(exp(x), x));
    let source = "";
    const want = withDocumentedExp(() => f(input([4096], 14, "float32")));
    const [got, runs] = kernelRuns(() => compile(f, { onCompile: (c) => (source = c.source!) })(input([4096], 14, "float32")));
    expectSameBits(got, want);
    expect(runs).toBe(1);
    expect(source).toContain(".impl("); // sin
  });

  it("falls back to the JS loop (the CPU backend's bits) when the arrays fit no wasm memory", () => {
    const saved = { ...wasmArenaLimits };
    const x = input([4096], 15, "float32");
    const f = (t: Tensor): Tensor => add(exp(t), mul(t, t));
    const c = compile(f);
    wasmArenaLimits.shared = 1024;
    wasmArenaLimits.transient = 1024;
    let got: Tensor;
    let runs: number;
    try {
      [got, runs] = kernelRuns(() => c(x));
    } finally {
      Object.assign(wasmArenaLimits, saved);
    }
    expect(runs).toBe(0);
    const before = getBackend();
    setBackend(cpuBackend);
    try {
      expectSameBits(got, f(x));
    } finally {
      setBackend(before);
    }
  });

  it("where synchronous compilation is refused (browsers' main thread), the JS loop runs until the kernel compiles asynchronously", async () => {
    const x = input([4096], 17, "float32");
    const f = (t: Tensor): Tensor => add(tanh(t), mul(t, t));
    const c = compile(f);
    const Module = WebAssembly.Module;
    (WebAssembly as { Module: unknown }).Module = function refused(): never {
      throw new RangeError("WebAssembly.Module(): synchronous compilation refused");
    };
    let first: Tensor;
    let runs: number;
    try {
      [first, runs] = kernelRuns(() => c(x));
    } finally {
      (WebAssembly as { Module: unknown }).Module = Module;
    }
    expect(runs).toBe(0);
    const before = getBackend();
    setBackend(cpuBackend);
    try {
      expectSameBits(first, f(x)); // the JS loop: the CPU backend's bits
    } finally {
      setBackend(before);
    }
    let later: [Tensor, number] = kernelRuns(() => c(x));
    for (let t = 0; t < 100 && later[1] === 0; t++) {
      await new Promise((r) => setTimeout(r, 10));
      later = kernelRuns(() => c(x));
    }
    expect(later[1]).toBe(1);
    expectSameBits(later[0], withDocumentedExp(() => f(x)));
  });

  it("without vector kernels, compile plans kernel calls as before (same bits)", () => {
    vectorKernelSettings.enabled = false;
    const x = input([4096], 16, "float32");
    const f = (t: Tensor): Tensor => add(exp(t), mul(t, t));
    const [got, runs] = kernelRuns(() => compile(f)(x));
    expect(runs).toBe(0);
    expectSameBits(got, f(x));
  });
});
