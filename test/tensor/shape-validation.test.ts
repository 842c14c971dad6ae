import { describe, expect, it } from "vitest";
import {
  add, ArgumentError, arange, broadcastTo, eye, full, linspace, ones, rand, randint, randn, reshape, scalar, ShapeError, tensor, zeros,
} from "../../src/index.js";
import { allocArray } from "../../src/core/dtype.js";
import { checkShape, MAX_ELEMENTS } from "../../src/core/shape.js";

describe("every shape a creation function or shape op takes is validated", () => {
  it("non-integer, negative and NaN dimensions name the function and the entry", () => {
    expect(() => zeros([NaN])).toThrow("zeros: shape[0] must be a non-negative integer, got the number NaN");
    expect(() => ones([2, -1])).toThrow(/ones: shape\[1\]/);
    expect(() => full([1.5], 0)).toThrow(/full: shape\[0\]/);
    expect(() => rand([NaN])).toThrow(/rand: shape\[0\]/);
    expect(() => randn("3" as never)).toThrow(/randn: shape must be an array/);
    expect(() => tensor(new Float32Array(2), { shape: [0.5, 4] })).toThrow(/tensor: shape\[0\]/);
    expect(() => broadcastTo(zeros([3]), [1.5, 3])).toThrow(/broadcastTo: shape\[0\]/);
    expect(() => reshape(zeros([3]), [1.5, 2])).toThrow(/reshape/);
  });

  it("arange, linspace, eye and randint check their numbers", () => {
    expect(() => arange(NaN)).toThrow(ArgumentError);
    expect(() => arange(NaN)).toThrow("arange: stop must be a finite number, got the number NaN");
    expect(() => arange(0, Infinity)).toThrow(/arange: stop must be a finite number, got the number Infinity/);
    expect(() => arange(0, 5, NaN)).toThrow(/arange: step/);
    expect(() => arange(0, 5, 0)).toThrow(/arange: step must be a nonzero finite number, got the number 0/);
    expect(() => linspace(0, 1, 1.5)).toThrow("linspace: n must be an integer ≥ 0, got the number 1.5");
    expect(() => linspace(0, NaN, 3)).toThrow(/linspace: stop/);
    expect(() => eye(-1)).toThrow("eye: n must be an integer ≥ 0, got the number -1");
    expect(() => eye(2.5)).toThrow(/eye: n/);
    expect(() => randint(0, 1e10, [2])).toThrow(/randint: high/);
    expect(() => randint(0.5, 3, [2])).toThrow(/randint: low/);
    expect(arange(3).shape).toEqual([3]);
    expect(eye(0).shape).toEqual([0, 0]);
  });

  it("shapes of more than 2³¹ − 1 elements raise a ShapeError naming the function and the shape, before allocating", () => {
    expect(MAX_ELEMENTS).toBe(2 ** 31 - 1);
    expect(() => zeros([1e6, 1e6])).toThrow(ShapeError);
    expect(() => zeros([1e6, 1e6])).toThrow("zeros: shape [1000000, 1000000] has 1000000000000 elements, more than a tensor may have");
    expect(() => ones([65536, 32768])).toThrow(/ones: shape \[65536, 32768\]/);
    expect(() => rand([2 ** 31])).toThrow(/rand: shape \[2147483648\]/);
    expect(() => eye(1e5)).toThrow(/eye: shape \[100000, 100000\]/);
    expect(() => arange(0, 1e10)).toThrow(/arange: shape \[10000000000\]/);
    expect(() => linspace(0, 1, 2 ** 32)).toThrow(/linspace: shape/);
    expect(() => broadcastTo(zeros([3]), [1e6, 1e6, 3])).toThrow(/broadcastTo: shape \[1000000, 1000000, 3\]/);
    expect(() => checkShape([2 ** 31 - 1], "f")).not.toThrow();
    expect(() => checkShape([2 ** 31, 0], "f")).not.toThrow(); // no elements
  });

  it("full and scalar take numbers only (a string was read as NaN or coerced)", () => {
    expect(() => full([2], "1" as never)).toThrow('full: value must be a number or a boolean, got the string "1"');
    expect(() => scalar("3" as never)).toThrow(/scalar: value must be a number/);
    expect(() => full([2], undefined as never)).toThrow(/full: value/);
    expect(full([2], NaN).toArray()).toEqual([NaN, NaN]);
  });

  it("an op's output past the limit is a ShapeError too (a broadcast no shape check saw)", () => {
    expect(() => allocArray("float64", 2 ** 40)).toThrow(ShapeError);
    expect(() => allocArray("float64", 2 ** 40)).toThrow("cannot make a float64 tensor of 1099511627776 elements: more than a tensor may have");
    expect(() => add(zeros([100000, 1]), zeros([1, 100000]))).toThrow(/cannot make a float32 tensor of 10000000000 elements/);
  });
});
