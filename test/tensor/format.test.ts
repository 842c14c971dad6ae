// toString() golden outputs. Each float/int golden below was checked against numpy 2.4
// (`np.array2string(a, separator=", ", prefix="tensor(")`, no line wrapping) unless a comment says
// where wengert deliberately differs: bools print as JS `true`/`false`, and exponential notation is
// chosen for magnitudes (max ≥ 1e8, or tiny values spanning over 3 decades, or all values < 1e-4)
// rather than numpy's stricter rule that also switches on any ratio max/min > 1000.
import { describe, expect, it } from "vitest";
import { arange, linspace, rand, tensor, zeros, type NestedArray } from "../../src/index.js";

const f32 = (d: NestedArray): string => tensor(d).toString();
const f64 = (d: NestedArray): string => tensor(d, { dtype: "float64" }).toString();

describe("toString()", () => {
  it("prints integral floats as `1.` and scalars without brackets", () => {
    expect(f32([1, 2, 3])).toBe("tensor([1., 2., 3.], dtype=float32)");
    expect(f32([0, 0, 0])).toBe("tensor([0., 0., 0.], dtype=float32)");
    expect(f32(3.5)).toBe("tensor(3.5, dtype=float32)");
    expect(f64([99999999])).toBe("tensor([99999999.], dtype=float64)");
    expect(tensor(7, { dtype: "int32" }).toString()).toBe("tensor(7, dtype=int32)");
  });

  it("aligns columns: shared decimals, fractions padded with spaces, signs and widths lined up", () => {
    expect(f32([[1, 2.5], [-3, 4]])).toBe(
      "tensor([[ 1. ,  2.5],\n" +
      "        [-3. ,  4. ]], dtype=float32)");
    expect(f32([100.5, -0.25])).toBe("tensor([100.5 ,  -0.25], dtype=float32)");
    expect(f64([1.23456789012, 2])).toBe("tensor([1.23456789, 2.        ], dtype=float64)");
    expect(f64([-1, -2.5])).toBe("tensor([-1. , -2.5], dtype=float64)");
    expect(f64([[0.5, 10], [-200.25, 3]])).toBe(
      "tensor([[   0.5 ,   10.  ],\n" +
      "        [-200.25,    3.  ]], dtype=float64)");
  });

  it("prints float32 with its shortest round-tripping digits, float64 with up to 8 decimals", () => {
    expect(f32([0.1, 0.2, 0.3])).toBe("tensor([0.1, 0.2, 0.3], dtype=float32)");
    expect(f32([1.1, 2.22, 3.333])).toBe("tensor([1.1  , 2.22 , 3.333], dtype=float32)");
    expect(f32([1 / 3])).toBe("tensor([0.33333334], dtype=float32)");
    expect(f64([1 / 3])).toBe("tensor([0.33333333], dtype=float64)");
    expect(f32([Math.PI])).toBe("tensor([3.1415927], dtype=float32)");
    expect(f64([Math.PI])).toBe("tensor([3.14159265], dtype=float64)");
    expect(f64([0.1 + 0.2])).toBe("tensor([0.3], dtype=float64)");
    expect(f64([12345678.5])).toBe("tensor([12345678.5], dtype=float64)");
  });

  it("switches to exponential notation for extreme magnitudes", () => {
    expect(f32([1e-5, 1, 1000])).toBe("tensor([1.e-05, 1.e+00, 1.e+03], dtype=float32)");
    expect(f32([1e10, 1])).toBe("tensor([1.e+10, 1.e+00], dtype=float32)");
    expect(f32([1e-10, 2e-10])).toBe("tensor([1.e-10, 2.e-10], dtype=float32)");
    expect(f32([1.5e-7, 1e-9])).toBe("tensor([1.5e-07, 1.0e-09], dtype=float32)");
    expect(f32([123456789])).toBe("tensor([1.2345679e+08], dtype=float32)");
    expect(f64([123456789])).toBe("tensor([1.23456789e+08], dtype=float64)");
    expect(f64([1e8])).toBe("tensor([1.e+08], dtype=float64)");
    expect(f64([1e300, -1e-300])).toBe("tensor([ 1.e+300, -1.e-300], dtype=float64)");
    expect(f32([0, 1e-5])).toBe("tensor([0.e+00, 1.e-05], dtype=float32)");
    expect(f32([[1e-5, 2], [3, 4e5]])).toBe(
      "tensor([[1.e-05, 2.e+00],\n" +
      "        [3.e+00, 4.e+05]], dtype=float32)");
    // Moderate ratios stay fixed (numpy would use exponential for max/min > 1000 here).
    expect(f64([0.001, 1000])).toBe("tensor([   0.001, 1000.   ], dtype=float64)");
  });

  it("prints nan, inf, -inf and -0", () => {
    expect(f32([NaN, Infinity, -Infinity, 1.5])).toBe("tensor([ nan,  inf, -inf,  1.5], dtype=float32)");
    expect(f32([NaN, 1e10])).toBe("tensor([   nan, 1.e+10], dtype=float32)");
    expect(f64([Infinity, 0.5])).toBe("tensor([inf, 0.5], dtype=float64)");
    expect(f32(-0)).toBe("tensor(-0., dtype=float32)");
    expect(f64([-0, 1.5])).toBe("tensor([-0. ,  1.5], dtype=float64)");
  });

  it("prints int32 right-aligned and bool as true/false", () => {
    expect(tensor([[1, -20], [300, 4]], { dtype: "int32" }).toString()).toBe(
      "tensor([[  1, -20],\n" +
      "        [300,   4]], dtype=int32)");
    expect(tensor([2147483647, -2147483648], { dtype: "int32" }).toString()).toBe("tensor([ 2147483647, -2147483648], dtype=int32)");
    expect(tensor([[true, false], [false, true]]).toString()).toBe(
      "tensor([[ true, false],\n" +
      "        [false,  true]], dtype=bool)");
    expect(tensor(true).toString()).toBe("tensor(true, dtype=bool)");
  });

  it("separates the blocks of 3-D and 4-D tensors by blank lines", () => {
    expect(arange(24).reshape([2, 3, 4]).toString()).toBe(
      "tensor([[[ 0.,  1.,  2.,  3.],\n" +
      "         [ 4.,  5.,  6.,  7.],\n" +
      "         [ 8.,  9., 10., 11.]],\n" +
      "\n" +
      "        [[12., 13., 14., 15.],\n" +
      "         [16., 17., 18., 19.],\n" +
      "         [20., 21., 22., 23.]]], dtype=float32)");
    expect(arange(16, undefined, 1, { dtype: "int32" }).reshape([2, 2, 2, 2]).toString()).toBe(
      "tensor([[[[ 0,  1],\n" +
      "          [ 2,  3]],\n" +
      "\n" +
      "         [[ 4,  5],\n" +
      "          [ 6,  7]]],\n" +
      "\n" +
      "\n" +
      "        [[[ 8,  9],\n" +
      "          [10, 11]],\n" +
      "\n" +
      "         [[12, 13],\n" +
      "          [14, 15]]]], dtype=int32)");
  });

  it("summarises tensors over 1000 elements with `...`, showing three entries per edge", () => {
    expect(arange(1001).reshape([7, 143]).toString()).toBe(
      "tensor([[   0.,    1.,    2., ...,  140.,  141.,  142.],\n" +
      "        [ 143.,  144.,  145., ...,  283.,  284.,  285.],\n" +
      "        [ 286.,  287.,  288., ...,  426.,  427.,  428.],\n" +
      "        ...,\n" +
      "        [ 572.,  573.,  574., ...,  712.,  713.,  714.],\n" +
      "        [ 715.,  716.,  717., ...,  855.,  856.,  857.],\n" +
      "        [ 858.,  859.,  860., ...,  998.,  999., 1000.]], dtype=float32)");
    expect(arange(2000, undefined, 1, { dtype: "int32" }).toString()).toBe("tensor([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)");
    const bools = tensor(Array.from({ length: 1001 }, (_, i) => i % 2 === 0));
    expect(bools.toString()).toBe("tensor([ true, false,  true, ...,  true, false,  true], dtype=bool)");
    // Only the shown entries decide the style: the hidden middle holds a huge value here.
    const data = Array.from({ length: 1001 }, (_, i) => (i === 500 ? 1e20 : 0.5));
    expect(tensor(data, { dtype: "float64" }).toString()).toBe("tensor([0.5, 0.5, 0.5, ..., 0.5, 0.5, 0.5], dtype=float64)");
  });

  it("summarises every long axis of a 3-D tensor", () => {
    const s = arange(1200, undefined, 1, { dtype: "int32" }).reshape([10, 10, 12]).toString();
    const lines = s.split("\n");
    expect(lines[0]).toBe("tensor([[[   0,    1,    2, ...,    9,   10,   11],");
    expect(lines[3]).toBe("         ...,");
    expect(lines.at(-1)).toBe("         [1188, 1189, 1190, ..., 1197, 1198, 1199]]], dtype=int32)");
    // Three 6×6 blocks per edge with "...," between them, blocks separated by blank lines.
    const parts = s.split("\n\n");
    expect(parts.length).toBe(7);
    expect(parts[3]).toBe("        ...,");
    for (const k of [0, 1, 2, 4, 5, 6]) expect(parts[k]!.split("\n").length).toBe(7);
    expect(parts[4]!.split("\n")[0]).toBe("        [[ 840,  841,  842, ...,  849,  850,  851],");
  });

  it("does not summarise at exactly 1000 elements", () => {
    const s = arange(1000, undefined, 1, { dtype: "int32" }).toString();
    expect(s).not.toContain("...");
    expect(s.split(", ").length).toBe(1000 + 1); // the 1000 entries, then "dtype=int32)"
  });

  it("shows requiresGrad, empty tensors and linspace values", () => {
    expect(tensor([[1, 2], [3, 4]], { requiresGrad: true }).toString()).toBe(
      "tensor([[1., 2.],\n" +
      "        [3., 4.]], dtype=float32, requiresGrad=true)");
    expect(zeros([0]).toString()).toBe("tensor([], dtype=float32)");
    expect(zeros([2, 0]).toString()).toBe(
      "tensor([[],\n" +
      "        []], dtype=float32)");
    expect(linspace(0, 1, 5).toString()).toBe("tensor([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)");
  });

  it("prints many small axes and very high ranks without overflowing the stack", () => {
    const s17 = zeros(Array<number>(17).fill(2)).toString(); // 131,072 elements, no axis long enough to summarise
    expect(s17.startsWith(`tensor(${"[".repeat(17)}0., 0.],`)).toBe(true);
    expect(s17.split("0.").length - 1).toBe(2 ** 17);
    expect(s17.endsWith(`0., 0.${"]".repeat(17)}, dtype=float32)`)).toBe(true);
    const rand18 = rand(Array<number>(18).fill(2), { seed: 0 }).toString(); // 262,144 distinct values
    expect(rand18.split(",").length).toBeGreaterThan(2 ** 18);
    const r32 = zeros([...Array<number>(30).fill(1), 2, 3]).toString();
    expect(r32).toBe(`tensor(${"[".repeat(32)}0., 0., 0.],\n${" ".repeat(38)}[0., 0., 0.${"]".repeat(32)}, dtype=float32)`);
    const deep = tensor(new Float32Array([7]), { shape: Array<number>(20000).fill(1) }).toString();
    expect(deep).toBe(`tensor(${"[".repeat(20000)}7.${"]".repeat(20000)}, dtype=float32)`);
    expect(zeros([...Array<number>(5000).fill(1), 0]).toString()).toBe(`tensor(${"[".repeat(5000)}[]${"]".repeat(5000)}, dtype=float32)`);
  });
});
