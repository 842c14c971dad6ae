import { describe, expect, it } from "vitest";
import {
  clamp, compile, elu, grad, leakyRelu, maximum, minimum, relu, sum, tensor, type Tensor,
} from "../../src/index.js";
import { getBackend, setBackend, type Backend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";

/** Runs `body` on each backend (the wasm one only where it is built). */
function onEachBackend(body: (backend: Backend) => void): void {
  const previous = getBackend();
  try {
    for (const backend of [cpuBackend, wasmBackend]) {
      if (backend === wasmBackend && !wasmReady()) continue;
      setBackend(backend);
      body(backend);
    }
  } finally {
    setBackend(previous);
  }
}

// 4,096 elements: above every backend's native-kernel threshold, so the wasm kernels run too.
const n = 4096;
const xs = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? NaN : i % 3 === 1 ? -i : i));
const expected = (v: number): number => (Number.isNaN(v) ? NaN : Math.max(v, 0));

describe("NaN propagates through relu and friends", () => {
  it("relu(NaN) is NaN on every backend, small and large, float32 and float64", () => {
    onEachBackend(() => {
      expect(Array.from(relu(tensor([NaN, -1, 0, 2])).data())).toEqual([NaN, 0, 0, 2]);
      expect(Array.from(relu(tensor([NaN, -1], { dtype: "float64" })).data())).toEqual([NaN, 0]);
      const big = relu(tensor(xs, { shape: [n] })).data();
      expect(Array.from(big)).toEqual(Array.from(xs, expected));
    });
  });

  it("relu's gradient passes the cotangent at NaN (PyTorch's threshold_backward), 0 at x ≤ 0", () => {
    onEachBackend(() => {
      const g = grad((x: Tensor) => sum(relu(x)))(tensor([NaN, -1, 0, 2])) as Tensor;
      expect(Array.from(g.data())).toEqual([1, 0, 0, 1]);
      // A NaN cotangent reaches the input instead of being masked to 0.
      const h = grad((x: Tensor) => sum(relu(x).mul(x)))(tensor([NaN, 3])) as Tensor;
      expect(Number.isNaN(h.data()[0])).toBe(true);
    });
  });

  it("compiled relu (fused loop and native kernels) gives NaN too", () => {
    onEachBackend(() => {
      const f = compile((x: Tensor) => relu(x).mul(2));
      expect(Array.from(f(tensor([NaN, -1, 3])).data())).toEqual([NaN, 0, 6]);
      expect(Array.from(f(tensor(xs, { shape: [n] })).data())).toEqual(Array.from(xs, (v) => expected(v) * 2));
      const g = compile(grad((x: Tensor) => sum(relu(x))));
      expect(Array.from(g(tensor([NaN, -1, 2])).data())).toEqual([1, 0, 1]);
    });
  });

  it("maximum, minimum, clamp, leakyRelu and elu keep NaN", () => {
    onEachBackend(() => {
      expect(Array.from(maximum(tensor([NaN, 1]), 0).data())).toEqual([NaN, 1]);
      expect(Array.from(minimum(tensor([NaN, 1]), 0).data())).toEqual([NaN, 0]);
      expect(Array.from(clamp(tensor([NaN, 2]), 0, 1).data())).toEqual([NaN, 1]);
      // a NaN bound gives NaN (PyTorch, JAX); NaN in x stays NaN with tensor bounds too
      expect(Array.from(clamp(tensor([0.5, 2]), NaN, 1).data())).toEqual([NaN, NaN]);
      expect(Array.from(clamp(tensor([0.5, 2]), 0, NaN).data())).toEqual([NaN, NaN]);
      expect(Array.from(clamp(tensor([0.5, 2, NaN]), tensor([NaN, 0, 0]), tensor([1, 1, 1])).data())).toEqual([NaN, 1, NaN]);
      expect(Array.from(clamp(tensor([-1, 5], { dtype: "int32" }), 0, 3).data())).toEqual([0, 3]);
      expect(Array.from(leakyRelu(tensor([NaN, -10]), 0.1).data())).toEqual([NaN, -1]);
      expect(Number.isNaN(elu(tensor([NaN])).data()[0])).toBe(true);
    });
  });
});
