import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../helpers/built-package.js";
import { checkWellFormedXml } from "../trace/helpers/well-formed-xml.js";

// These tests run the built command as a user would: `npm run build`, then `node dist/cli/main.js …`.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const main = join(root, "dist", "cli", "main.js");
const work = mkdtempSync(join(tmpdir(), "wengert-cli-"));

function wengert(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: work, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ensureBuilt();
  expect(existsSync(main)).toBe(true);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const NOTES = ["ln(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5"];

describe("wengert trace", () => {
  it("prints the notes' three tables", () => {
    const r = wengert("trace", ...NOTES);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out.startsWith("ln(x1) + x1*x2 - sin(x2)  at x1 = 2, x2 = 5\n")).toBe(true);
    for (const line of [
      "v1 = ln v−1 = ln 2 = 0.693",
      "v5 = v4 − v3 = 10.693 − (−0.959) = 11.652",
      "Forward mode, seed ẋ1 = 1, ẋ2 = 0:",
      "v2 = v−1 × v0 = 2 × 5 = 10                │ v̇2 = v̇−1 × v0 + v̇0 × v−1 = 1 × 5 + 0 × 2 = 5",
      "y = v5 = 11.652                           │ ẏ = v̇5 = 5.5",
      "v−1 = x1 = 2                              │ x̄1 = v̄−1 = 5.5",
      "v0 = x2 = 5                               │ x̄2 = v̄0 = 1.716",
      "v2 = v−1 × v0 = 2 × 5 = 10                │ v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1 = 1.716",
      "v4 = v1 + v2 = 0.693 + 10 = 10.693        │ v̄0 = v̄3 ∂v3/∂v0 = v̄3 × cos v0 = −0.284",
      "                                          │ v̄5 = ȳ = 1",
    ])
      expect(out.split("\n")).toContain(line);
    expect(out.match(/Forward primal trace/g)).toHaveLength(3);
  });

  it("--wrt seeds another variable", () => {
    const r = wengert("trace", ...NOTES, "--wrt", "x2");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Forward mode, seed ẋ1 = 0, ẋ2 = 1:");
    expect(r.stdout).toContain("ẏ = v̇5 = 1.716");
  });

  it("--format json parses back to the numbers", () => {
    const r = wengert("trace", ...NOTES, "--format", "json");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as {
      variables: string[];
      at: Record<string, number>;
      value: number;
      tangent: number;
      gradient: Record<string, number>;
      program: { equations: { primitive: string }[] };
      forward: { tangent: { target: string; value: number; text: string }[] };
      reverse: { adjoint: { kind: string; target: string; value: number; text: string }[] };
    };
    expect(json.variables).toEqual(["x1", "x2"]);
    expect(json.at).toEqual({ x1: 2, x2: 5 });
    expect(json.value).toBeCloseTo(Math.log(2) + 10 - Math.sin(5), 12);
    expect(json.tangent).toBeCloseTo(5.5, 12);
    expect(json.gradient.x1).toBeCloseTo(5.5, 12);
    expect(json.gradient.x2).toBeCloseTo(2 - Math.cos(5), 12);
    expect(json.program.equations.map((e) => e.primitive)).toEqual(["log", "mul", "sin", "add", "sub"]);
    expect(json.forward.tangent.map((t) => t.value)).toEqual([1, 0, 0.5, 5, 0, 5.5, 5.5, 5.5]);
    expect(json.reverse.adjoint).toHaveLength(11);
    expect(json.reverse.adjoint[5]).toMatchObject({ kind: "step", target: "v̄0", value: expect.closeTo(-Math.cos(5), 12) });
    expect(json.reverse.adjoint[7]!.text).toBe("v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1 = −0.284 + 1 × 2 = 1.716");
  });

  it("--format markdown, dot and mermaid", () => {
    const md = wengert("trace", ...NOTES, "--format", "markdown");
    expect(md.status).toBe(0);
    expect(md.stdout).toContain("| Forward primal trace | Forward tangent (derivative) trace |");
    expect(md.stdout).toContain("| v1 = ln v−1 = ln 2 = 0.693 | v̇1 = v̇−1 / v−1 = 1 / 2 = 0.5 |");
    const dot = wengert("trace", ...NOTES, "--format", "dot");
    expect(dot.stdout).toContain('v1 [label="v1 = ln v−1\\n= 0.693\\nv̇1 = 0.5\\nv̄1 = 1"]');
    expect(wengert("trace", ...NOTES, "--format", "mermaid").stdout.startsWith("flowchart TB\n")).toBe(true);
  });

  it("--format svg --out writes a well-formed SVG file with one node per trace entry", () => {
    const r = wengert("trace", ...NOTES, "--format", "svg", "--out", "graphs/notes.svg");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("wrote graphs/notes.svg\n");
    const svg = readFileSync(join(work, "graphs", "notes.svg"), "utf8");
    expect(checkWellFormedXml(svg)[0]).toBe("svg");
    expect(svg.match(/class="node"/g)).toHaveLength(7);
  });

  it("traces vector expressions", () => {
    const r = wengert("trace", "sum(x^2)", "--at", "x=[1,2,3]");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("v0 = x = [3](1, 2, 3)");
    expect(r.stdout).toContain("x̄ = v̄0 = [3](2, 4, 6)");
  });
});

describe("wengert derivative | grad | jacobian | hessian", () => {
  it("derivative", () => {
    const r = wengert("derivative", "x^3 - 2*x", "--at", "x=2");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("x^3 - 2*x  at x = 2\nf = 4\ndf/dx = 10\n");
    const v = JSON.parse(wengert("derivative", "[sin(t), cos(t)]", "--at", "t=0.5", "--format", "json").stdout) as { derivative: number[] };
    expect(v.derivative[0]).toBeCloseTo(Math.cos(0.5), 12);
    expect(v.derivative[1]).toBeCloseTo(-Math.sin(0.5), 12);
    expect(wengert("derivative", "x*y^2", "--at", "x=1,y=3", "--wrt", "y").stdout).toContain("df/dy = 6\n");
  });

  it("grad", () => {
    const r = wengert("grad", ...NOTES);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("ln(x1) + x1*x2 - sin(x2)  at x1 = 2, x2 = 5\nf = 11.65207146\n∂f/∂x1 = 5.5\n∂f/∂x2 = 1.716337815\n");
    const json = JSON.parse(wengert("grad", "sum(x^2)", "--at", "x=[1,2,3]", "--format", "json").stdout) as { value: number; gradient: { x: number[] } };
    expect(json).toMatchObject({ value: 14, gradient: { x: [2, 4, 6] } });
  });

  it("jacobian of a vector expression", () => {
    const r = wengert("jacobian", "[x*y, sin(x), x+y]", "--at", "x=2,y=3");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").slice(2)).toEqual(["J = ∂f/∂(x, y):", "                  x  y", "f[0]              3  2", "f[1]  -0.4161468365  0", "f[2]              1  1", ""]);
    const json = JSON.parse(wengert("jacobian", "[x*y, sin(x), x+y]", "--at", "x=2,y=3", "--format", "json").stdout) as { jacobian: number[][]; rows: string[]; columns: string[] };
    expect(json.rows).toEqual(["f[0]", "f[1]", "f[2]"]);
    expect(json.columns).toEqual(["x", "y"]);
    expect(json.jacobian[1]![0]).toBeCloseTo(Math.cos(2), 12);
  });

  it("hessian", () => {
    const r = wengert("hessian", "x^2*y + y^3", "--at", "x=1,y=2");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("x^2*y + y^3  at x = 1, y = 2\nf = 10\nH = ∂²f/∂(x, y)²:\n   x   y\nx  4   2\ny  2  12\n");
    const json = JSON.parse(wengert("hessian", "logsumexp(z)", "--at", "z=[0,0]", "--format", "json").stdout) as { hessian: number[][] };
    expect(json.hessian).toEqual([[0.25, -0.25], [-0.25, 0.25]]);
  });
});

describe("help, version and bad input", () => {
  it("--help shows examples and exits 0", () => {
    const r = wengert("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("trace");
    const t = wengert("trace", "--help");
    expect(t.status).toBe(0);
    expect(t.stdout).toContain('$ wengert trace "ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5');
    expect(wengert("--version").stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [["trace", "sin(x))", "--at", "x=1"], "wengert: unexpected ')' at column 7"],
    [["trace", "x*y", "--at", "x=1"], "wengert: missing a value for y: pass --at x=…,y=…"],
    [["trace", "x", "--at", "x=1,z=2"], "wengert: --at gives z, which the expression does not use (its variables: x)"],
    [["trace", "x", "--at", "x"], "wengert: --at: expected name=value, got 'x'"],
    [["trace", "x", "--at", "x=1", "--wrt", "y"], "wengert: --wrt: the expression has no variable 'y' (its variables: x)"],
    [["trace", "x", "--at", "x=1", "--format", "xml"], "wengert: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are text, markdown, json, dot, mermaid, svg."],
    [["grad", "[x, x]", "--at", "x=1"], "wengert: grad: the expression must have one value, got shape [2]; use jacobian for vector expressions"],
    [["derivative", "x*y", "--at", "x=1,y=2"], "wengert: derivative: the expression has 2 variables (x, y); choose one with --wrt, or use grad"],
    [["trace", "[1,2] + [1,2,3]"], "wengert: add: shapes [2] and [3] cannot be broadcast together (axis -1: 2 vs 3) (in '+' at column 7)"],
    [["trace", "-x^2", "--at", "x=1"], `wengert: unknown option '-x^2' (an expression that starts with '-' needs a space first: " -x^2")`],
    [["frobnicate"], "wengert: unknown command 'frobnicate'"],
    [["trace"], "wengert: missing required argument 'expression'"],
    [["trace", "x", "--at", "x=1", "--digits", "0"], "wengert: option '-d, --digits <n>' argument '0' is invalid. expected an integer from 1 to 17."],
  ])("%j exits 2 with one line", (args, message) => {
    const r = wengert(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${message}\n`);
  });

  it("no command prints the usage and exits 2", () => {
    const r = wengert();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: wengert");
  });

  it("a leading space lets an expression start with a minus", () => {
    const r = wengert("grad", " -x^2", "--at", "x=3");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("∂f/∂x = -6");
  });
});
