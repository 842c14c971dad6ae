import { describe, expect, it } from "vitest";
import { full, mean, norm, std, sum, tensor, variance } from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";

// 3 × 2e9 = 6e9 overflows int32 (and so does Fashion-MNIST's 47M pixels of mean 73 summed).
const big = full([3], 2_000_000_000, { dtype: "int32" });

describe("integer reductions that give floats accumulate in float", () => {
  it("mean of int32 does not wrap around: float32, the true mean", () => {
    expect(mean(big).dtype).toBe("float32");
    expect(mean(big).item()).toBe(2e9);
    expect(Array.from(mean(full([2, 3], 2e9, { dtype: "int32" }), 1).data())).toEqual([2e9, 2e9]);
    expect(mean(tensor([true, false, true, true])).item()).toBe(0.75);
  });

  it("an image-sized int32 tensor (sum past 2³¹) has its true mean on every backend", () => {
    const previous = getBackend();
    try {
      for (const backend of [cpuBackend, wasmBackend]) {
        if (backend === wasmBackend && !wasmReady()) continue;
        setBackend(backend);
        const pixels = full([1000, 784], 3000, { dtype: "int32" }); // Σ = 2.352e9
        expect(mean(pixels).item()).toBe(3000);
        expect(Array.from(mean(pixels, 1).data().slice(0, 3))).toEqual([3000, 3000, 3000]);
      }
    } finally {
      setBackend(previous);
    }
  });

  it("variance, std and norm of int32 are float and exact", () => {
    expect(variance(big).item()).toBe(0);
    expect(std(big).item()).toBe(0);
    expect(norm(big).item()).toBeCloseTo(Math.sqrt(3) * 2e9, -3);
  });

  it("sum of int32 stays int32 and wraps (documented); cast to float64 for large sums", () => {
    expect(sum(big).dtype).toBe("int32");
    expect(sum(big).item()).toBe(6e9 - 2 ** 32);
    expect(sum(big.cast("float64")).item()).toBe(6e9);
  });
});
