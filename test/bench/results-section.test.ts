import { describe, expect, it } from "vitest";
import { latestRunSection, replaceSection, runWarnings, SECTION, type RunJson } from "../../bench/results-section.js";

const doc = ["# Title", "", "## Method", "", "handwritten method", "", "## Latest full run", "", "old intro", "", "#### old table", "| a |", "", "## Reading this run", "", "handwritten reading", ""].join("\n");

const run = (over: Partial<RunJson> = {}): RunJson => ({
  command: "npm run bench",
  quick: false,
  machine: { cpu: "CPU X", cores: 2, simd: "avx2", memoryGiB: 8, node: "v20", v8: "11", platform: "linux x64", commit: "abc1234", date: "2026-12-07T00:00:00.000Z", loadStart: "0.5 / 0.4 / 0.3", loadEnd: "0.7 / 0.5 / 0.3" },
  peers: ["torch 1.13"],
  extra: ["elapsed: scalar 10 s; all cases 0.2 min"],
  results: [{ id: "scalar", title: "Scalar AD", what: "what it measures", table: { columns: ["x", "ms (median)", "ms (mean)"], rows: [["1", "2", "3"]] }, notes: [], raw: null }],
  ...over,
});

describe("the Latest full run section of bench/RESULTS.md", () => {
  it("replaces only that section and keeps the handwritten ones byte for byte", () => {
    const out = replaceSection(doc, SECTION, "NEW BODY");
    expect(out).toBe(doc.replace("old intro\n\n#### old table\n| a |", "NEW BODY"));
    // idempotent: regenerating from the same run changes nothing
    expect(replaceSection(out, SECTION, "NEW BODY")).toBe(out);
  });

  it("throws when the section is missing instead of appending somewhere", () => {
    expect(() => replaceSection("# x\n", SECTION, "b")).toThrow(/not found/);
  });

  it("says commit, CPU, load average, command and every table of the run", () => {
    const s = latestRunSection(run(), []);
    for (const want of ["abc1234", "CPU X", "0.5 at the start", "`npm run bench`", "#### Scalar AD", "| 1 | 2 | 3 |", "elapsed: scalar 10 s"]) expect(s).toContain(want);
    expect(s).not.toContain("Not a clean full run");
  });

  it("flags a quick run, a subset of the cases and uncommitted code", () => {
    const w = runWarnings(run({ quick: true, machine: { ...run().machine, commit: "abc (with uncommitted changes)" } }), ["scalar", "matmul"]);
    expect(w.join("; ")).toMatch(/--quick.*matmul.*uncommitted/);
    expect(latestRunSection(run(), w)).toContain("Not a clean full run");
  });
});
