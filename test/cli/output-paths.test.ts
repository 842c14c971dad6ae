// The CLI's failure modes: output paths that cannot be written are refused with exit code 2 and one
// line before any work starts; matrices too large to print are refused up front.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, root } from "../helpers/built-package.js";

const main = join(root, "dist", "cli", "main.js");
const work = mkdtempSync(join(tmpdir(), "wengert-cli-out-"));

function wengert(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // NOTE: the timeout only ends a run that would hang (the old recursive mkdir on /proc); no test measures time.
  const r = spawnSync(process.execPath, [main, ...args], { cwd: work, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit code 2 and exactly one line on stderr matching `message` (no stack trace). */
function expectUsageError(r: ReturnType<typeof wengert>, message: RegExp): void {
  expect(r.stderr.trimEnd()).toMatch(message);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.status).toBe(2);
}

beforeAll(() => {
  ensureBuilt();
  writeFileSync(join(work, "file"), "a regular file\n");
  mkdirSync(join(work, "folder"));
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const GRAD = ["grad", "x^2", "--at", "x=3"];

describe("--out", () => {
  it("a path under a regular file", () => {
    expectUsageError(wengert(...GRAD, "--out", "file/o.txt"), /^wengert: --out "file\/o.txt": .*file is not a folder$/);
  });

  it("a folder", () => {
    expectUsageError(wengert(...GRAD, "--out", "folder"), /^wengert: --out "folder": is a folder; give a file name$/);
  });

  it("an empty path", () => {
    expectUsageError(wengert(...GRAD, "--out", ""), /^wengert: --out: the path is empty$/);
  });

  it.skipIf(!existsSync("/proc/self"))("a folder that cannot be created (procfs) fails at once instead of looping", () => {
    expectUsageError(wengert(...GRAD, "--out", "/proc/wengert-none/o.txt"), /^wengert: --out "\/proc\/wengert-none\/o.txt": cannot create the folder \/proc\/wengert-none \(E[A-Z]+/);
  });

  it.skipIf(!existsSync("/sys/kernel"))("a place that cannot be written", () => {
    expectUsageError(wengert(...GRAD, "--out", "/sys/wengert-o.txt"), /^wengert: --out "\/sys\/wengert-o.txt": cannot be written \(E[A-Z]+/);
  });

  it("is checked before the expression is evaluated (a bad path wins over a slow command)", () => {
    expectUsageError(wengert("hessian", "sum(x^2)", "--at", `x=[${Array.from({ length: 1500 }, (_, i) => i).join(",")}]`, "--out", "file/h.txt"), /--out "file\/h.txt"/);
  });

  it("missing folders are created, and the file is written", () => {
    const r = wengert(...GRAD, "--out", "new/deeper/g.txt");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("wrote new/deeper/g.txt\n");
    expect(readFileSync(join(work, "new", "deeper", "g.txt"), "utf8")).toContain("∂f/∂x = 6");
  });

  it("an existing file is replaced; the writability probe leaves nothing behind", () => {
    writeFileSync(join(work, "folder", "old.txt"), "old\n");
    expect(wengert(...GRAD, "--out", "folder/old.txt").status).toBe(0);
    expect(readFileSync(join(work, "folder", "old.txt"), "utf8")).toContain("∂f/∂x = 6");
    expect(readdirSync(join(work, "folder"))).toEqual(["old.txt"]);
  });
});

describe("train --save and --plot are checked before the data loads", () => {
  const TRAIN = ["train", "--synthetic", "--epochs", "1", "--subset", "64", "--test-subset", "64", "--no-progress"];

  it("--save under a regular file: nothing trained", () => {
    const r = wengert(...TRAIN, "--no-plot", "--save", "file/m.safetensors");
    expectUsageError(r, /^wengert: --save "file\/m.safetensors": .*file is not a folder$/);
    expect(r.stdout).toBe("");
  });

  it("--plot onto a folder: nothing trained", () => {
    const r = wengert(...TRAIN, "--plot", "folder");
    expectUsageError(r, /^wengert: --plot "folder": is a folder; give a file name$/);
    expect(r.stdout).toBe("");
  });
});

describe("jacobian and hessian refuse matrices beyond the printing limit (10⁶ entries)", () => {
  const vector = (n: number): string => `x=[${Array.from({ length: n }, (_, i) => i % 7).join(",")}]`;

  it("jacobian of 1,001 outputs by 1,001 inputs", () => {
    expectUsageError(
      wengert("jacobian", "x^2", "--at", vector(1001)),
      /^wengert: jacobian: the Jacobian would have 1,001 × 1,001 = 1,002,001 entries, more than the 1,000,000 this command prints; .*call jacobian\(\) from the library/,
    );
  });

  it("hessian of 1,001 inputs", () => {
    expectUsageError(wengert("hessian", "sum(x^2)", "--at", vector(1001), "--format", "json"), /^wengert: hessian: the Hessian would have 1,001 × 1,001 = 1,002,001 entries/);
  });

  it("a Jacobian below the limit is printed", () => {
    const r = wengert("jacobian", "x^2", "--at", vector(40), "--format", "json");
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { jacobian: number[][] }).jacobian).toHaveLength(40);
  });
});
