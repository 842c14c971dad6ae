// The instruction order of compile's generated loop kernels (src/compile/wasm/loop-kernel.ts): in the
// main loop every vector load of an iteration comes before its first store, so that the engine can
// overlap the unrolled vectors' chains (V8 keeps wasm memory accesses in program order).
import { describe, expect, it } from "vitest";
import { add, compile, exp, greater, mul, tensor, type Tensor } from "../../src/index.js";
import { compiledRuntime } from "../../src/compile/compiled-runtime.js";
import type { RunnableLoopKernel } from "../../src/compile/wasm/run-loop-kernel.js";
import { wasmSimdSupported } from "../../src/compile/wasm/vector-kernels-available.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";

/** The module bytes of every loop kernel that runs while `f` runs. */
function kernelsOf(f: () => unknown): Uint8Array[] {
  const original = compiledRuntime.runLoopKernel;
  const seen: Uint8Array[] = [];
  compiledRuntime.runLoopKernel = (kernel: RunnableLoopKernel, ...rest) => {
    seen.push(kernel.kernel.bytes.plain);
    return original(kernel, ...rest);
  };
  try {
    f();
  } finally {
    compiledRuntime.runLoopKernel = original;
  }
  return seen;
}

/** Reads LEB128 integers and bytes of a wasm binary. */
class Reader {
  at = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    return this.b[this.at++]!;
  }
  uleb(): number {
    let x = 0;
    let shift = 0;
    for (;;) {
      const c = this.byte();
      x += (c & 0x7f) * 2 ** shift;
      shift += 7;
      if (c < 0x80) return x;
    }
  }
  skip(n: number): void {
    this.at += n;
  }
}

/** The memory instructions of the single function's first `loop`, in order: "load", "store" (vector or lane) or "other". */
function loopMemoryOps(module: Uint8Array): string[] {
  const r = new Reader(module);
  r.skip(8);
  while (r.at < module.length) {
    const id = r.byte();
    const size = r.uleb();
    if (id !== 10) {
      r.skip(size);
      continue;
    }
    r.uleb(); // one function
    r.uleb(); // its size
    for (let groups = r.uleb(); groups > 0; groups--) {
      r.uleb();
      r.byte();
    }
    const ops: string[] = [];
    let depth = 0;
    let inLoop = -1;
    for (;;) {
      const op = r.byte();
      if (op === 0x02 || op === 0x03) {
        r.byte();
        if (op === 0x03 && inLoop < 0) inLoop = depth;
        depth++;
      } else if (op === 0x0b) {
        depth--;
        if (depth === inLoop) return ops;
        if (depth < 0) throw new Error("no loop");
      } else if (op === 0x0c || op === 0x0d || (op >= 0x20 && op <= 0x22)) r.uleb();
      else if (op >= 0x28 && op <= 0x3e) {
        r.uleb();
        r.uleb();
        if (inLoop >= 0) ops.push(op >= 0x36 ? "store" : "load");
      } else if (op === 0x41 || op === 0x42) r.uleb();
      else if (op === 0x43) r.skip(4);
      else if (op === 0x44) r.skip(8);
      else if (op === 0xfd) {
        const s = r.uleb();
        if (s <= 0x0b || s === 0x5c || s === 0x5d) {
          r.uleb();
          r.uleb();
          if (inLoop >= 0) ops.push(s === 0x0b ? "store" : "load");
        } else if (s === 0x0c || s === 0x0d) r.skip(16);
        else if (s >= 0x15 && s <= 0x22) r.byte();
        else if (s >= 0x54 && s <= 0x5b) {
          r.uleb();
          r.uleb();
          r.byte();
          if (inLoop >= 0) ops.push(s >= 0x58 ? "store" : "load");
        }
      }
    }
  }
  throw new Error("no code section");
}

describe.runIf(wasmReady() && wasmSimdSupported())("generated loop kernels: loads before stores", () => {
  const n = 4096 + 3;
  const x = tensor(Array.from({ length: n }, (_, i) => Math.sin(i)), { dtype: "float32" });
  const y = tensor(Array.from({ length: n }, (_, i) => Math.cos(i)), { dtype: "float32" });

  for (const [name, f] of [
    ["exp(x) + x·x", (a: Tensor) => add(exp(a), mul(a, a))],
    ["two results: x·y and x·y + x", (a: Tensor, b: Tensor) => [mul(a, b), add(mul(a, b), a)]],
    ["a bool result: x·y > x", (a: Tensor, b: Tensor) => [greater(mul(a, b), a), add(a, b)]],
  ] as const) {
    it(name, () => {
      const g = compile(f as (a: Tensor, b: Tensor) => Tensor);
      const kernels = kernelsOf(() => g(x, y));
      expect(kernels.length, "a wasm kernel ran").toBeGreaterThan(0);
      for (const k of kernels) {
        const ops = loopMemoryOps(k);
        const stores = ops.filter((o) => o === "store").length;
        expect(stores, "stores in the main loop").toBeGreaterThanOrEqual(4);
        const firstStore = ops.indexOf("store");
        expect(ops.lastIndexOf("load"), `memory ops of the main loop: ${ops.join(" ")}`).toBeLessThan(firstStore);
      }
    });
  }
});
