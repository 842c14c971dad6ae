// Creation functions (shapes, dtypes, defaults, errors, seeded random numbers) and the Tensor
// accessors item(), toArray(), data().
import { describe, expect, it } from "vitest";
import {
  ArgumentError, DTypeError, arange, eye, full, linspace, manualSeed, ones, onesLike, rand, randint, randn, scalar, ShapeError, tensor, zeros, zerosLike,
  type Tensor,
} from "../../src/index.js";

const values = (t: Tensor): number[] => Array.from(t.data(), Number);

describe("tensor()", () => {
  it("defaults to float32 for numbers and infers the shape of nested arrays", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.data()).toBeInstanceOf(Float32Array);
    expect(values(t)).toEqual([1, 2, 3, 4, 5, 6]);
    const s = tensor(2.5);
    expect(s.shape).toEqual([]);
    expect(s.size).toBe(1);
    expect(s.dtype).toBe("float32");
    expect(tensor([[[7]]]).shape).toEqual([1, 1, 1]);
  });

  it("rounds to float32 storage unless dtype says otherwise", () => {
    expect(tensor([0.1]).data()[0]).toBe(Math.fround(0.1));
    expect(tensor([0.1], { dtype: "float64" }).data()[0]).toBe(0.1);
    expect(tensor([0.1], { dtype: "float64" }).data()).toBeInstanceOf(Float64Array);
  });

  it("makes bool tensors from boolean data, and converts on an explicit dtype", () => {
    const b = tensor([[true, false], [false, true]]);
    expect(b.dtype).toBe("bool");
    expect(b.data()).toBeInstanceOf(Uint8Array);
    expect(b.toArray()).toEqual([[true, false], [false, true]]);
    expect(tensor(true).dtype).toBe("bool");
    expect(values(tensor([true, false], { dtype: "float32" }))).toEqual([1, 0]);
    expect(tensor([0, 2, -1, 0.5], { dtype: "bool" }).toArray()).toEqual([false, true, true, true]);
  });

  it("int32 truncates toward zero", () => {
    const t = tensor([1.7, -1.7, 2.5, -0.5], { dtype: "int32" });
    expect(t.dtype).toBe("int32");
    expect(t.data()).toBeInstanceOf(Int32Array);
    expect(values(t)).toEqual([1, -1, 2, 0]);
  });

  it("takes a typed array with a shape; the dtype follows the array type; the data is copied", () => {
    const src = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(src, { shape: [2, 3] });
    expect(t.dtype).toBe("float64");
    expect(t.shape).toEqual([2, 3]);
    src[0] = 99;
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(new Float32Array(4), { shape: [2, 2] }).dtype).toBe("float32");
    expect(tensor(new Int32Array([1, 2, 3])).dtype).toBe("int32");
    expect(tensor(new Int32Array([1, 2, 3])).shape).toEqual([3]);
    expect(tensor(new Uint8Array([1, 0])).dtype).toBe("bool");
    expect(tensor(new Float64Array([1.5, 2.5]), { dtype: "float32" }).dtype).toBe("float32");
    expect(tensor(new Float64Array(6), { shape: [1, 2, 3] }).shape).toEqual([1, 2, 3]);
    expect(() => tensor(new Float64Array([1, 2, 3]), { shape: [2, 2] })).toThrow(/shape \[2, 2\] needs 4 elements, data has 3/);
  });

  it("reshapes nested data to opts.shape and checks the element count", () => {
    expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(ShapeError);
  });

  it("copies another tensor (optionally converting its dtype)", () => {
    const a = tensor([1.5, -2.5], { dtype: "float64" });
    const b = tensor(a);
    expect(b).not.toBe(a);
    expect(b.dtype).toBe("float64");
    expect(values(b)).toEqual([1.5, -2.5]);
    expect(values(tensor(a, { dtype: "int32" }))).toEqual([1, -2]);
  });

  it("empty arrays give empty tensors", () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[]]).shape).toEqual([1, 0]);
    expect(tensor([]).size).toBe(0);
    expect(tensor([]).toArray()).toEqual([]);
  });

  it("ragged arrays raise an error naming the position", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/element \[1\].*expected 2 entries.*got 1/);
    expect(() => tensor([[1, 2], [3, [4]]] as never)).toThrow(/element \[1\]\[1\]: expected a number, got an array/);
    expect(() => tensor([[[1], [2]], [[3], 4]] as never)).toThrow(/element \[1\]\[1\]/);
    expect(() => tensor([1, [2]] as never)).toThrow(/element \[1\]/);
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/element \[1\].*got the number 3/);
  });

  it("holes in (nested) arrays raise an error naming the position instead of shifting the data", () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => tensor([1, , 3] as number[])).toThrow(ArgumentError);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => tensor([1, , 3] as number[])).toThrow(/tensor: element \[1\] is a hole/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => tensor([[1, 2], [3, , ]] as number[][])).toThrow(/element \[1\]\[1\] is a hole/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => tensor([[1, 2], [3, , 5], [6, 7, 8]].slice(1) as number[][])).toThrow(/element \[0\]\[1\] is a hole/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => tensor([[1, 2], , [5, 6]] as number[][])).toThrow(/element \[1\] is a hole/);
    const sized = new Array<number>(3);
    sized[0] = 1;
    expect(() => tensor(sized)).toThrow(/element \[1\] is a hole/);
  });

  it("non-number elements raise an ArgumentError naming the position and the value", () => {
    expect(() => tensor([[1, 2, 3], [4, 5, "a"]] as never)).toThrow(ArgumentError);
    expect(() => tensor([[1, 2, 3], [4, 5, "a"]] as never)).toThrow('tensor: element [1][2] must be a number or a boolean, got the string "a"');
    expect(() => tensor([1, null] as never)).toThrow("tensor: element [1] must be a number or a boolean, got null");
    expect(() => tensor([1, undefined] as never)).toThrow("tensor: element [1] must be a number or a boolean, got undefined");
    expect(() => tensor([[1], [{}]] as never)).toThrow("tensor: element [1][0] must be a number or a boolean, got an object");
    expect(() => tensor("1" as never)).toThrow('tensor: data must be a number or a boolean, got the string "1"');
    const loop: unknown[] = [];
    loop.push(loop);
    expect(() => tensor(loop as never)).toThrow(/circular/);
  });

  it("fills large nested arrays in row-major order", () => {
    const rows = Array.from({ length: 3 }, (_, i) => Array.from({ length: 4 }, (_, j) => Array.from({ length: 2 }, (_, k) => i * 8 + j * 2 + k)));
    expect(values(tensor(rows))).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(tensor([[], []]).shape).toEqual([2, 0]);
    expect(values(tensor([[true, false]]))).toEqual([1, 0]);
  });

  it("rejects unknown dtypes and requiresGrad on non-float dtypes", () => {
    expect(() => tensor(1, { dtype: "float16" as never })).toThrow(/unknown dtype "float16"/);
    expect(() => tensor([1, 2], { dtype: "int32", requiresGrad: true })).toThrow(/only float tensors can require gradients/);
    const w = tensor([1, 2], { requiresGrad: true });
    expect(w.requiresGrad).toBe(true);
    expect(w.isLeaf).toBe(true);
  });
});

describe("scalar, zeros, ones, full and the *Like functions", () => {
  it("scalar is rank 0, float32 by default", () => {
    expect(scalar(3).shape).toEqual([]);
    expect(scalar(3).dtype).toBe("float32");
    expect(scalar(1.1, "float64").item()).toBe(1.1);
    expect(scalar(1.1).item()).toBe(Math.fround(1.1));
    expect(scalar(2.9, "int32").item()).toBe(2);
  });

  it("zeros/ones/full: shapes, float32 default, explicit dtypes", () => {
    const z = zeros([2, 3]);
    expect(z.shape).toEqual([2, 3]);
    expect(z.dtype).toBe("float32");
    expect(values(z)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(values(ones([2], { dtype: "int32" }))).toEqual([1, 1]);
    expect(ones([2], { dtype: "int32" }).dtype).toBe("int32");
    expect(ones([], { dtype: "bool" }).toArray()).toBe(true);
    expect(values(full([3], 7.5, { dtype: "float64" }))).toEqual([7.5, 7.5, 7.5]);
    expect(values(full([2], 0.1))).toEqual([Math.fround(0.1), Math.fround(0.1)]);
    expect(zeros([]).shape).toEqual([]);
    expect(zeros([0, 4]).size).toBe(0);
  });

  it("rejects invalid shapes", () => {
    expect(() => zeros([2, -1])).toThrow(ShapeError);
    expect(() => ones([2.5])).toThrow(ShapeError);
    expect(() => full([NaN], 1)).toThrow(ShapeError);
  });

  it("zerosLike/onesLike keep shape and dtype", () => {
    const x = tensor([[1, 2, 3]], { dtype: "int32" });
    expect(zerosLike(x).shape).toEqual([1, 3]);
    expect(zerosLike(x).dtype).toBe("int32");
    expect(values(onesLike(tensor([1, 2], { dtype: "float64" })))).toEqual([1, 1]);
    expect(onesLike(tensor([1, 2], { dtype: "float64" })).dtype).toBe("float64");
    expect(zerosLike(x, { dtype: undefined }).dtype).toBe("int32");
  });

  it("zerosLike/onesLike name themselves for a non-tensor, bad options or requiresGrad on an int tensor", () => {
    expect(() => zerosLike({} as never)).toThrow(new ArgumentError("zerosLike: t must be a tensor, got an object"));
    expect(() => onesLike(null as never, {})).toThrow(new ArgumentError("onesLike: t must be a tensor, got null"));
    expect(() => onesLike(tensor([1]), "x" as never)).toThrow(/^onesLike: opts must be an options object, got the string "x"$/);
    expect(() => zerosLike(tensor([1]), { dtype: "half" as never })).toThrow(/^zerosLike: unknown dtype "half"/);
    expect(() => zerosLike(tensor([1], { dtype: "int32" }), { requiresGrad: true })).toThrow(
      new DTypeError("zerosLike: only float tensors can require gradients, got dtype int32"),
    );
    expect(() => zeros([2], { dtype: "int32", requiresGrad: true })).toThrow(DTypeError);
  });
});

describe("arange, linspace, eye", () => {
  it("arange follows numpy: one, two or three arguments, negative and fractional steps, empty ranges", () => {
    expect(values(arange(5))).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe("float32");
    expect(values(arange(2, 5))).toEqual([2, 3, 4]);
    expect(values(arange(5, 0, -2))).toEqual([5, 3, 1]);
    expect(arange(5, 2).shape).toEqual([0]);
    expect(arange(0).shape).toEqual([0]);
    expect(arange(2, 5, -1).shape).toEqual([0]);
    expect(arange(0, 1, 0.1).shape).toEqual([10]);
    expect(values(arange(0, 1, 0.25, { dtype: "float64" }))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(values(arange(-1.5, 1, 1, { dtype: "float64" }))).toEqual([-1.5, -0.5, 0.5]);
    expect(arange(0, 4, 1, { dtype: "int32" }).dtype).toBe("int32");
    expect(() => arange(0, 1, 0)).toThrow(/step must be a nonzero finite number/);
  });

  it("linspace: endpoints included, n = 0 and n = 1, descending, invalid n", () => {
    const t = linspace(0, 1, 5, { dtype: "float64" });
    expect(values(t)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(0, 1, 5).dtype).toBe("float32");
    const l = linspace(-3, 7, 11, { dtype: "float64" });
    expect(l.data()[0]).toBe(-3);
    expect(l.data()[10]).toBe(7);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
    expect(values(linspace(3, 7, 1))).toEqual([3]);
    expect(values(linspace(1, 0, 3, { dtype: "float64" }))).toEqual([1, 0.5, 0]);
    expect(values(linspace(2, 2, 3))).toEqual([2, 2, 2]);
    expect(() => linspace(0, 1, -1)).toThrow(ArgumentError);
    expect(() => linspace(0, 1, 2.5)).toThrow(ArgumentError);
  });

  it("eye: identity, n = 0, dtypes", () => {
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(3).dtype).toBe("float32");
    expect(eye(0).shape).toEqual([0, 0]);
    expect(eye(1).toArray()).toEqual([[1]]);
    expect(eye(2, { dtype: "int32" }).dtype).toBe("int32");
    expect(eye(2, { dtype: "bool" }).toArray()).toEqual([[true, false], [false, true]]);
  });
});

describe("seeded random numbers", () => {
  it("rand/randn/randint are reproducible per seed and differ across seeds", () => {
    for (const make of [
      (seed: number) => rand([50], { seed }),
      (seed: number) => randn([50], { seed, dtype: "float64" }),
      (seed: number) => randint(0, 1000, [50], { seed }),
    ]) {
      expect(values(make(7))).toEqual(values(make(7)));
      expect(values(make(7))).not.toEqual(values(make(8)));
    }
  });

  it("manualSeed makes the global stream reproducible, equal to an explicit seed, and explicit seeds leave it alone", () => {
    manualSeed(123);
    const a = values(randn([20]));
    const a2 = values(rand([5]));
    expect(a).not.toEqual(values(randn([20]))); // the global stream advances
    manualSeed(123);
    expect(values(randn([20]))).toEqual(a);
    expect(values(rand([5]))).toEqual(a2);
    manualSeed(123);
    expect(values(randn([20], { seed: 123 }))).toEqual(a);
    manualSeed(5);
    const b = values(rand([10]));
    manualSeed(5);
    rand([1000], { seed: 99 });
    randint(0, 5, [7], { seed: 1 });
    expect(values(rand([10]))).toEqual(b);
  });

  it("rand is uniform on [0, 1), float32 by default", () => {
    const t = rand([10000], { seed: 1 });
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([10000]);
    const v = values(t);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.015); // σ of the mean ≈ 0.0029
    expect(rand([2, 3], { seed: 1, dtype: "float64" }).dtype).toBe("float64");
  });

  it("randn has mean ≈ 0 and std ≈ 1 on 10⁴ samples", () => {
    for (const seed of [0, 1, 2]) {
      const v = values(randn([100, 100], { seed, dtype: "float64" }));
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
      expect(Math.abs(mean), `seed ${seed}: mean ${mean}`).toBeLessThan(0.05); // 5σ
      expect(Math.abs(std - 1), `seed ${seed}: std ${std}`).toBeLessThan(0.04); // > 5σ
      const within1 = v.filter((x) => Math.abs(x) < 1).length / v.length;
      expect(Math.abs(within1 - 0.6827)).toBeLessThan(0.025);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    expect(randn([3]).dtype).toBe("float32");
  });

  it("randint draws int32 in [low, high), hitting every value", () => {
    const t = randint(-3, 4, [2000], { seed: 4 });
    expect(t.dtype).toBe("int32");
    const v = values(t);
    expect(new Set(v)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
    for (let k = -3; k < 4; k++) expect(Math.abs(v.filter((x) => x === k).length / 2000 - 1 / 7)).toBeLessThan(0.04);
    expect(randint(0, 1, [5], { seed: 1 }).toArray()).toEqual([0, 0, 0, 0, 0]);
    expect(() => randint(3, 3, [2])).toThrow(ArgumentError);
    expect(randint(0, 10, [2, 3], { seed: 0 }).shape).toEqual([2, 3]);
  });

  it("rand/randn/randint check their options and seed, naming themselves", () => {
    expect(() => rand([2], { seed: Symbol("s") as never })).toThrow(new ArgumentError("rand: opts.seed must be a finite number, got a symbol"));
    expect(() => randn([2], { seed: NaN })).toThrow(new ArgumentError("randn: opts.seed must be a finite number, got the number NaN"));
    expect(() => randint(0, 3, [2], { seed: "1" as never })).toThrow(/^randint: opts\.seed must be a finite number, got the string "1"$/);
    expect(() => rand([2], 5 as never)).toThrow(/^rand: opts must be an options object, got the number 5$/);
    expect(() => randn([2], { dtype: "int32", requiresGrad: true })).toThrow(/^randn: only float tensors can require gradients/);
    expect(values(rand([3], { seed: 2.5 }))).toEqual(values(rand([3], { seed: 2 })));
  });
});

describe("item(), toArray(), data()", () => {
  it("item() converts size-1 tensors of any rank and names the shape otherwise", () => {
    expect(scalar(4).item()).toBe(4);
    expect(tensor([[5]]).item()).toBe(5);
    expect(tensor([true]).item()).toBe(1);
    expect(() => tensor([1, 2]).item()).toThrow(/exactly one element.*shape \[2\]/);
    expect(() => tensor([1, 2]).item()).toThrow(ShapeError);
    expect(() => zeros([0]).item()).toThrow(/shape \[0\]/);
    expect(() => zeros([2, 3]).item()).toThrow(/shape \[2, 3\]/);
  });

  it("toArray() gives nested arrays, a number for a scalar, booleans for bool", () => {
    expect(tensor([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tensor(4).toArray()).toBe(4);
    expect(tensor([[true, false]]).toArray()).toEqual([[true, false]]);
    expect(tensor([[1, 2]], { dtype: "int32" }).toArray()).toEqual([[1, 2]]);
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
  });

  it("data() is a copy in the dtype's typed array", () => {
    const t = tensor([1, 2, 3], { dtype: "float64" });
    const d = t.data();
    expect(d).toBeInstanceOf(Float64Array);
    d[0] = 100;
    expect(t.data()[0]).toBe(1);
    expect(t.data()).not.toBe(t.data());
    expect(tensor([1], { dtype: "int32" }).data()).toBeInstanceOf(Int32Array);
    expect(tensor([true]).data()).toBeInstanceOf(Uint8Array);
  });
});
