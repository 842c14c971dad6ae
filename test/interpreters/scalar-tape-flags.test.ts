// The compact scalar tape's reached flags (`ints` slot 3 of each row) are clear outside a sweep:
// new storage is zeroed, a retired tape's storage is cleared when it is handed to the next tape, and
// a sweep that leaves its tape live clears what it flagged. The lean valueAndGrad's one-shot sweep
// relies on it (it makes no pass over the rows first), so a row flagged by an earlier tape or sweep
// and not reached now must not contribute. Each case is compared bit for bit with the general path.
import { afterEach, describe, expect, it } from "vitest";
import { cos, exp, mul, scalar, sin, sub, tanh, valueAndGrad, vjp, type Tensor } from "../../src/index.js";
import { setScalarPath } from "../../src/interpreters/scalar-rules.js";

afterEach(() => {
  setScalarPath(true);
});

/** `fn` on the scalar path (compact tape) and on the general path. */
function bothPaths<T>(fn: () => T): [T, T] {
  const tape = fn();
  setScalarPath(false);
  try {
    return [tape, fn()];
  } finally {
    setScalarPath(true);
  }
}

/** Every element of every tensor in `ts`, as numbers (NaN and −0 kept). */
const bits = (ts: readonly Tensor[]): number[] => ts.flatMap((t) => Array.from(t.data(), Number));

function expectSameBits(a: readonly number[], b: readonly number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    if (!Object.is(x, b[i])) throw new Error(`element ${i}: ${x} (tape) vs ${b[i]} (general path)`);
  });
}

const x64 = (v: number): Tensor => scalar(v, "float64");

/** A program whose rows 1 and 2 are reached and whose leaf (row 0) gets a cotangent. */
const reachesAll = (x: Tensor): Tensor => sin(mul(x, x));

describe("reached flags of the compact scalar tape", () => {
  it("a tape on storage handed on by a swept tape does not sweep rows it did not reach", () => {
    const run = (): number[] => {
      // Rows 0..2 reached and flagged; the tape retires and hands its storage on.
      const first = valueAndGrad(reachesAll)(x64(0.3));
      // Rows 1 (exp) and 2 (mul) are never reached from the result (row 3).
      const [v, g] = valueAndGrad((x: Tensor): Tensor => {
        const u = exp(x);
        mul(u, u);
        return cos(x);
      })(x64(0.7));
      return bits([...first, v, g]);
    };
    const [tape, general] = bothPaths(run);
    expectSameBits(tape, general);
    expect(tape[3]).toBe(-Math.sin(0.7));
  });

  it("an input not reached gets a zero gradient after a tape that reached the same row", () => {
    const run = (): number[] => {
      valueAndGrad((x: Tensor, y: Tensor): Tensor => mul(sin(x), y), { argnums: [0, 1] })(x64(0.3), x64(2));
      // Row 1 (y's leaf) was reached above; here nothing reaches it.
      const [v, [gx, gy]] = valueAndGrad((x: Tensor, _y: Tensor): Tensor => tanh(sub(x, x64(1))), { argnums: [0, 1] })(x64(0.4), x64(5));
      return bits([v, gx, gy]);
    };
    const [tape, general] = bothPaths(run);
    expectSameBits(tape, general);
    expect(Object.is(tape[2], 0)).toBe(true);
  });

  it("a pullback called twice, and a tape swept by a pullback before the next valueAndGrad", () => {
    const run = (): number[] => {
      const [y, pull] = vjp((x: Tensor): Tensor => cos(mul(sin(x), x)), x64(1.1));
      const a = pull(x64(1));
      const b = pull(x64(-0.5));
      // The next tape gets the pulled-back tape's storage.
      const [v, g] = valueAndGrad((x: Tensor): Tensor => {
        exp(sin(x));
        return mul(x, x64(3));
      })(x64(0.25));
      return bits([y, ...a, ...b, v, g]);
    };
    const [tape, general] = bothPaths(run);
    expectSameBits(tape, general);
  });

  it("a sweep that does not qualify (float32 seed) leaves no flags behind", () => {
    const run = (): number[] => {
      const [y, pull] = vjp((x: Tensor): Tensor => sin(exp(x)), x64(0.2));
      let failed: number[];
      try {
        failed = bits(pull(scalar(1, "float32")));
      } catch {
        failed = [NaN];
      }
      const a = pull(x64(1));
      const [v, g] = valueAndGrad((x: Tensor): Tensor => {
        sin(exp(x));
        return tanh(x);
      })(x64(0.9));
      return bits([y, ...a, v, g]).concat(failed);
    };
    const [tape, general] = bothPaths(run);
    expectSameBits(tape, general);
  });
});
