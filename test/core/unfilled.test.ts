import { describe, expect, it } from "vitest";
import { unfilled, unfilledFloats } from "../../src/core/unfilled.js";

describe("unfilled", () => {
  const makers: [string, (n: number) => Float32Array | Float64Array | Int32Array | Uint8Array, number][] = [
    ["Float32Array", (n) => unfilled(Float32Array, n), 4],
    ["Float64Array", (n) => unfilled(Float64Array, n), 8],
    ["Int32Array", (n) => unfilled(Int32Array, n), 4],
    ["Uint8Array", (n) => unfilled(Uint8Array, n), 1],
  ];
  for (const [name, make, bytes] of makers)
    for (const n of [0, 1, 100, 1023, 1024, 5000, 1 << 20])
      it(`${name} of ${n} elements: the right type and length, over a buffer of its own`, () => {
        const a = make(n);
        expect(a.constructor.name).toBe(name);
        expect(a.length).toBe(n);
        expect(a.byteOffset).toBe(0);
        expect(a.buffer.byteLength).toBe(n * bytes);
        a.fill(7);
        expect(a.every((v) => v === 7)).toBe(true);
      });

  it("small arrays are plain zeroed typed arrays", () => {
    expect(Array.from(unfilled(Float32Array, 16))).toEqual(new Array(16).fill(0));
  });

  it("unfilledFloats follows the dtype", () => {
    expect(unfilledFloats("float32", 3000)).toBeInstanceOf(Float32Array);
    expect(unfilledFloats("float64", 3000)).toBeInstanceOf(Float64Array);
    expect(unfilledFloats("float64", 3000).length).toBe(3000);
  });
});
