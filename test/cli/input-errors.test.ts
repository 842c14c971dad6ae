// The CLI's exit codes for the library's own error classes: an ArgumentError (here toSVG refusing a
// program beyond MAX_SVG_NODES), an IdxError or a GzipError is bad input (exit 2, one line), not an
// internal error (exit 1 with a stack trace). Runs the CLI in process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import { MAX_SVG_NODES } from "../../src/trace/graph-layout.js";

const work = mkdtempSync(join(tmpdir(), "wengert-cli-errors-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI on `argv`, capturing its output. */
async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

describe("library errors are input errors", () => {
  it("trace --format svg of a program beyond the node limit: exit 2 and toSVG's one-line ArgumentError", async () => {
    const terms = Math.ceil((MAX_SVG_NODES + 1) / 3); // sin(k*x): 3 nodes a term
    const source = Array.from({ length: terms }, (_, i) => `sin(${i + 1}*x)`).join(" + ");
    const r = await run("trace", source, "--at", "x=0.5", "--format", "svg", "--out", join(work, "big.svg"));
    expect(r.stderr).toMatch(new RegExp(`^wengert: toSVG: the program must have at most ${MAX_SVG_NODES.toLocaleString("en-US")} nodes, got [\\d,]+; use toDot\\(\\) or toMermaid\\(\\)`));
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.status).toBe(2);
  });

  it("eval --load of a file that is not a model: exit 2 and one line", async () => {
    const file = join(work, "not-a-model.safetensors");
    writeFileSync(file, "not a safetensors file");
    const r = await run("eval", "--model", "mlp", "--load", file);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.status).toBe(2);
  });
});
