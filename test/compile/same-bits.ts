// Bitwise comparison of results for the compile tests: same shape, dtype and elements (Object.is, so
// -0 ≠ +0 and NaN = NaN), over whole trees of tensors.
import { expect } from "vitest";
import { Tensor } from "../../src/index.js";

/** Asserts that two trees of tensors (or other values) are identical, tensors element by element. */
export function expectSameBits(actual: unknown, expected: unknown, path = "result"): void {
  if (expected instanceof Tensor) {
    expect(actual, `${path} is a tensor`).toBeInstanceOf(Tensor);
    const a = actual as Tensor;
    expect([a.shape, a.dtype], `${path}: shape and dtype`).toEqual([expected.shape, expected.dtype]);
    const x = Array.from(a.data(), Number);
    const y = Array.from(expected.data(), Number);
    const bad = x.findIndex((v, i) => !Object.is(v, y[i]));
    expect(bad, `${path}[${bad}]: compiled ${x[bad]} vs interpreted ${y[bad]}`).toBe(-1);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length === expected.length, `${path} is an array of ${expected.length}`).toBe(true);
    expected.forEach((e, i) => expectSameBits((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), `${path}: keys`).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectSameBits((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
    return;
  }
  expect(actual, path).toBe(expected);
}
