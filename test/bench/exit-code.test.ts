import { describe, expect, it } from "vitest";
import { suiteExitCode } from "../../bench/exit-code.js";

describe("suiteExitCode", () => {
  it("keeps a non-zero exit code that a case set when no case failed", () => {
    expect(suiteExitCode(0, 1)).toBe(1);
    expect(suiteExitCode(0, 3)).toBe(3);
  });
  it("is 1 when a case could not run, whatever a case set", () => {
    expect(suiteExitCode(2, undefined)).toBe(1);
    expect(suiteExitCode(1, 0)).toBe(1);
  });
  it("is 0 when nothing failed and no case set a code", () => {
    expect(suiteExitCode(0, undefined)).toBe(0);
    expect(suiteExitCode(0, 0)).toBe(0);
  });
});
