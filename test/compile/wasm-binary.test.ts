// The WebAssembly binary encoder of compile's generated kernels (src/compile/wasm/wasm-binary.ts,
// wasm-code.ts): LEB128 integers at their edges, and modules that engines accept over a plain and a
// shared memory.
import { describe, expect, it } from "vitest";
import { encodeModule, sleb, uleb, ValType } from "../../src/compile/wasm/wasm-binary.js";
import { Code } from "../../src/compile/wasm/wasm-code.js";

describe("wasm binary encoder", () => {
  it("unsigned and signed LEB128 at the edges", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(65536)).toEqual([0x80, 0x80, 4]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(0)).toEqual([0]);
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    expect(sleb(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
  });

  /** kernel(p): stores the int32 constant k in the four lanes of a vector at p. */
  function module(shared: boolean, k: number): Uint8Array<ArrayBuffer> {
    const code = new Code([ValType.i32]);
    code.get(0).i32(k).simd("i32x4.splat").mem("v128.store").end();
    return encodeModule([{ params: [ValType.i32], results: [], locals: code.locals, body: code.body(), name: "kernel" }], shared);
  }

  for (const shared of [false, true])
    it(`a module importing a ${shared ? "shared" : "plain"} memory runs (constants of every LEB width)`, () => {
      const memory = new WebAssembly.Memory(shared ? { initial: 1, maximum: 16, shared: true } : { initial: 1 });
      for (const k of [0, 1, -1, 63, 64, -65, 1234567, -(2 ** 31), 2 ** 31 - 1]) {
        const bytes = module(shared, k);
        expect(WebAssembly.validate(bytes)).toBe(true);
        const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports["kernel"] as (p: number) => void;
        kernel(64);
        expect(Array.from(new Int32Array(memory.buffer, 64, 4))).toEqual([k, k, k, k]);
      }
    });
});
