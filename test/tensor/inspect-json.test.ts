// How a tensor presents itself to Node's console and util.inspect, and to JSON.stringify.
import { Console } from "node:console";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { compile, grad, jvp, scalar, sum, tensor, type Tensor } from "../../src/index.js";

/** What `console.log(...values)` writes, through a real Console. */
function consoleLog(...values: unknown[]): string {
  let out = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  new Console({ stdout: stream, colorMode: false }).log(...values);
  return out;
}

describe("util.inspect and console.log of a tensor", () => {
  const cases: [string, Tensor][] = [
    ["float32 matrix", tensor([[1, 2.5], [-3, 4]])],
    ["float64 vector", tensor([0.1, 0.2], { dtype: "float64" })],
    ["int32", tensor([7, -8, 9], { dtype: "int32" })],
    ["bool", tensor([true, false])],
    ["scalar", scalar(3.5)],
    ["requiresGrad", tensor([1, 2], { requiresGrad: true })],
  ];

  it.each(cases)("print toString() for a %s", (_name, x) => {
    expect(inspect(x)).toBe(x.toString());
    expect(consoleLog(x)).toBe(`${x.toString()}\n`);
  });

  it("prints the tensor text, not its fields, inside other values", () => {
    const x = tensor([1, 2, 3]);
    const text = inspect({ weights: [x] });
    expect(text).toContain("tensor([1., 2., 3.], dtype=float32)");
    expect(text).not.toMatch(/_data|_owner|Float32Array/);
    expect(consoleLog("x =", x)).toBe("x = tensor([1., 2., 3.], dtype=float32)\n");
  });

  it("prints a tracer's transform, shape and dtype without reading its value", () => {
    const seen: string[] = [];
    grad((t: Tensor) => {
      seen.push(inspect(t));
      return sum(t);
    })(tensor([[1, 2], [3, 4]]));
    jvp((t: Tensor) => {
      seen.push(consoleLog(t));
      return t;
    }, [scalar(1, "float64")], [scalar(1, "float64")]);
    expect(seen).toEqual(["grad-tracer tensor(shape=[2, 2], dtype=float32)", "jvp-tracer tensor(shape=[], dtype=float64)\n"]);
  });

  it("does not throw inside compile, where reading a value does", () => {
    let text = "";
    compile((t: Tensor) => {
      expect(() => t.toString()).toThrow(/compile/);
      text = inspect(t);
      return t.mul(2);
    })(tensor([1, 2, 3]));
    expect(text).toBe("trace-tracer tensor(shape=[3], dtype=float32)");
  });

  it("prints an escaped tracer without touching it", () => {
    let escaped: Tensor | undefined;
    grad((t: Tensor) => {
      escaped = t;
      return sum(t);
    })(tensor([1, 2]));
    expect(inspect(escaped)).toBe("grad-tracer tensor(shape=[2], dtype=float32)");
  });
});

describe("JSON.stringify of a tensor", () => {
  it("writes the elements as nested arrays, as toArray() gives them", () => {
    expect(JSON.stringify(tensor([[1, 2], [3, 4]]))).toBe("[[1,2],[3,4]]");
    expect(JSON.stringify(tensor([[1, 2], [3, 4]], { dtype: "int32" }))).toBe("[[1,2],[3,4]]");
    expect(JSON.stringify(tensor([true, false]))).toBe("[true,false]");
    expect(JSON.stringify(scalar(0.5))).toBe("0.5");
    const x = tensor([0.1, -2], { dtype: "float64" });
    expect(JSON.parse(JSON.stringify(x))).toEqual(x.toArray());
  });

  it("writes tensors inside other values the same way; NaN and ±Infinity as null, as JSON does", () => {
    const state = { step: 3, w: tensor([1.5, NaN, Infinity], { dtype: "float64" }) };
    expect(JSON.stringify(state)).toBe('{"step":3,"w":[1.5,null,null]}');
  });

  it("returns the nested arrays from toJSON()", () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: "float64" });
    expect(x.toJSON()).toEqual([[1, 2], [3, 4]]);
    expect(tensor([[]]).toJSON()).toEqual([[]]);
  });
});
