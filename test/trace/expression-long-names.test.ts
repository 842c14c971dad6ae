// "Did you mean" and the names echoed in messages are bounded: a megabyte-long name costs one
// length comparison per known function and appears shortened in the message.
import { describe, expect, it } from "vitest";
import { expressionErrorOf } from "../helpers/expression-error.js";
import { boundedEditDistance, closestName } from "../../src/trace/expression/closest-name.js";
import { expressionFunctions } from "../../src/trace/expression/functions.js";
import { parseExpression } from "../../src/trace/expression/parse-expression.js";
import { MAX_QUOTED_LENGTH, quoteText } from "../../src/trace/expression/quote-text.js";

const errorOf = expressionErrorOf;

const MB = 1 << 20;

describe("parseExpression: megabyte-long names", () => {
  it("an unknown function with a 1 MB name: no suggestion, the name shortened in the message", () => {
    const e = errorOf(`${"q".repeat(MB)}(x)`, 1);
    expect(e.message).toBe(`unknown function '${"q".repeat(MAX_QUOTED_LENGTH - 10)}…' (${MB} characters) at column 1`);
    expect(e.column).toBe(1);
  });

  it("a 1 MB function name one edit away from a known one at its start is not compared in full", () => {
    const e = errorOf(`sin${"n".repeat(MB)}(x)`, 1);
    expect(e.message).toMatch(/^unknown function 'sinnn+…' \(1048579 characters\) at column 1$/);
  });

  it("a 1 MB unexpected name is shortened too; a 1 MB variable still parses", () => {
    expect(errorOf(`2${"y".repeat(MB)}`).message).toBe(
      `unexpected '${"y".repeat(MAX_QUOTED_LENGTH - 10)}…' (${MB} characters) at column 2 (write * for a product: 2*x)`,
    );
    const { variables, fn } = parseExpression(`x + ${"z".repeat(MB)}`);
    expect(variables.map((v) => v.length)).toEqual([1, MB]);
    expect(() => fn(1)).toThrow(/^the expression takes 2 values \(x, z+\)/); // variable names are the API: listed in full
  });

  it("short names still get suggestions, long near-misses too", () => {
    expect(errorOf("sine(x)", 1).message).toBe("unknown function 'sine' at column 1 (did you mean 'sin'?)");
    expect(errorOf("logsoftmaxx(x)", 1).message).toBe("unknown function 'logsoftmaxx' at column 1 (did you mean 'logSoftmax'?)");
    expect(errorOf("reciprocl(x)", 1).message).toBe("unknown function 'reciprocl' at column 1 (did you mean 'reciprocal'?)");
    expect(errorOf("zzzzzz(x)", 1).message).toBe("unknown function 'zzzzzz' at column 1");
  });
});

describe("closestName and boundedEditDistance", () => {
  const naive = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };

  it("equals the full Levenshtein distance capped at the limit", () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 16807) % 2147483647) % n);
    const word = (): string => Array.from({ length: rnd(8) }, () => "abc"[rnd(3)]).join("");
    for (let k = 0; k < 2000; k++) {
      const [a, b, limit] = [word(), word(), 1 + rnd(5)];
      expect(boundedEditDistance(a, b, limit), `${a} ${b} ${limit}`).toBe(Math.min(naive(a, b), limit));
    }
  });

  it("picks the closest known name within distance 2, case-insensitively", () => {
    const names = [...expressionFunctions.keys()];
    expect(closestName("SUMM", names)).toBe("sum");
    expect(closestName("atn2", names)).toBe("atan2");
    expect(closestName("x".repeat(10 * MB), names)).toBeNull();
  });

  it("quoteText keeps short text and shortens long text by characters (code points)", () => {
    expect(quoteText("sin")).toBe("'sin'");
    const forty = "α".repeat(MAX_QUOTED_LENGTH);
    expect(quoteText(forty)).toBe(`'${forty}'`);
    expect(quoteText("😀".repeat(MB))).toBe(`'${"😀".repeat(MAX_QUOTED_LENGTH - 10)}…' (${MB} characters)`);
  });
});
