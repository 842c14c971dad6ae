import { describe, expect, it } from "vitest";
import { compile, mul, prod, tensor, type Tensor } from "../../src/index.js";

const i32 = (xs: number[]) => tensor(xs, { dtype: "int32" });
/** The int32 product a·b mod 2³², computed exactly with BigInt. */
const wrapped = (a: number, b: number) => Number(BigInt.asIntN(32, BigInt(a) * BigInt(b)));

// Products beyond 2⁵³ lose their low bits in float64: the wrap must come from the exact product.
const pairs: [number, number][] = [
  [2 ** 31 - 1, 2 ** 31 - 1], [-(2 ** 31), -(2 ** 31)], [123456789, 987654321], [-77777777, 99999999], [65537, 65537], [3, -4],
];

describe("int32 products wrap modulo 2³² exactly", () => {
  it("mul, same shapes and broadcast either side", () => {
    const a = pairs.map((p) => p[0]), b = pairs.map((p) => p[1]);
    expect(Array.from(mul(i32(a), i32(b)).data())).toEqual(pairs.map(([x, y]) => wrapped(x, y)));
    expect(Array.from(mul(i32(a), i32([123456789])).data())).toEqual(a.map((x) => wrapped(x, 123456789)));
    expect(Array.from(mul(i32([-987654321]), i32(b)).data())).toEqual(b.map((y) => wrapped(-987654321, y)));
  });

  it("prod", () => {
    expect(prod(i32([2 ** 31 - 1, 2 ** 31 - 1])).item()).toBe(1);
    expect(prod(i32([123456789, 987654321, 3])).item()).toBe(wrapped(wrapped(123456789, 987654321), 3));
  });

  it("under compile: one-element locals and fused loops", () => {
    const f = compile((x: Tensor, y: Tensor) => mul(mul(x, y), x));
    const [x, y] = pairs[2]!;
    expect(f(i32([x]), i32([y])).item()).toBe(wrapped(wrapped(x, y), x));
    const a = pairs.map((p) => p[0]), b = pairs.map((p) => p[1]);
    expect(Array.from(f(i32(a), i32(b)).data())).toEqual(pairs.map(([p, q]) => wrapped(wrapped(p, q), p)));
  });
});
