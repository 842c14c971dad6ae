import { describe, expect, it } from "vitest";
import {
  ArgumentError, checkpoint, customJvp, customVjp, forwardTable, hessian, hvp, reverseTable, tensor, trace, traceProgram,
  type Tensor,
} from "../../src/index.js";

// Cases the public-API fuzz suite found: the error named an inner function instead of the one called.
const asyncF = (async (x: Tensor) => x) as unknown as (x: Tensor) => Tensor;
const throws = (f: () => unknown, cls: new (...a: never[]) => Error, message: RegExp): void => {
  expect(f).toThrow(cls);
  expect(f).toThrow(message);
};

describe("a transform's f returning a Promise names the transform and says why", () => {
  it("checkpoint, customJvp, customVjp", () => {
    throws(() => checkpoint(asyncF)(tensor([1])), ArgumentError, /^checkpoint\(asyncF\) output: .*Promise.*synchronous/);
    throws(() => customJvp(asyncF, (p, t) => [p, t])(tensor([1])), ArgumentError, /^customJvp\(asyncF\) output: .*synchronous/);
    throws(() => customVjp(asyncF, (x: Tensor) => [x, null], (_r, g: Tensor) => [g])(tensor([1])), ArgumentError, /^customVjp\(asyncF\) output: .*synchronous/);
  });
  it("hessian, hvp", () => {
    throws(() => hessian(asyncF)(tensor([1])), ArgumentError, /^hessian: .*synchronous/);
    throws(() => hvp(asyncF, [tensor([1])], [tensor([1])]), ArgumentError, /^hvp: .*synchronous/);
  });
  it("traceProgram and trace name themselves", () => {
    throws(() => traceProgram(asyncF, [1]), ArgumentError, /^traceProgram output: .*synchronous/);
    throws(() => trace(asyncF, 1), ArgumentError, /^trace output: .*synchronous/);
  });
});

describe("forwardTable/reverseTable with bad arguments name themselves", () => {
  it("a string argument", () => {
    const f = (x: Tensor) => x;
    throws(() => forwardTable(f, ["a"], [1]), ArgumentError, /^forwardTable arguments: unsupported value at arg\[0\]/);
    throws(() => reverseTable(f, ["a"]), ArgumentError, /^reverseTable arguments: unsupported value at arg\[0\]/);
  });
});
