import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, root } from "../helpers/built-package.js";

// What a user gets: `npm pack` (its prepare script builds dist/ when stale, as on a fresh clone or
// a git install), the tarball installed into a fresh project, a strict TypeScript file type-checked
// against the package's .d.ts (skipLibCheck off) and run, and the `wengert` bin.
const TSC = join(root, "node_modules", "typescript", "bin", "tsc");
const OPTIONAL = ["vega", "vega-lite", "@viz-js/viz"];

const APP = `import { grad, mul, sin, tensor, trace, type Tensor } from "wengert";

const g: Tensor = grad((x: Tensor) => mul(x, sin(x)))(2);
const p = tensor([1, -2], { requiresGrad: true });
p.mul(p).sum().backward();
const grads: number[] = p.grad === null ? [] : (p.grad.toArray() as number[]);
let svgError = "";
try {
  await trace((x: Tensor) => sin(x), 1).toSVG();
} catch (e) {
  svgError = (e as Error).message;
}
console.log(JSON.stringify({ grad: g.item(), grads, svgError }));
`;

let dir: string;
let project: string;

function run(cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Installed package names (scoped ones as @scope/name), nested ones included. */
function installed(modules: string): string[] {
  if (!existsSync(modules)) return [];
  return readdirSync(modules).flatMap((name) => {
    if (name.startsWith(".")) return [];
    if (name.startsWith("@")) return readdirSync(join(modules, name)).flatMap((n) => [`${name}/${n}`, ...installed(join(modules, name, n, "node_modules"))]);
    return [name, ...installed(join(modules, name, "node_modules"))];
  });
}

describe("npm pack → install into a fresh project", () => {
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "wengert-pack-"));
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], root, 300_000).stdout.replace(/^[^[]*/, "")) as { filename: string }[];
    project = join(dir, "app");
    run("mkdir", ["-p", project], dir);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, packed[0]!.filename)], project);
  }, 400_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("installs the built package and only the CLI's small dependencies, none of the optional ones", () => {
    expect(existsSync(join(project, "node_modules", "wengert", "dist", "index.js"))).toBe(true);
    const names = installed(join(project, "node_modules"));
    expect(names.filter((n) => OPTIONAL.includes(n) || n.startsWith("d3"))).toEqual([]);
    expect(names).toContain("commander");
    expect(names.length).toBeLessThanOrEqual(10);
  });

  it("type-checks strict code against the package's declarations, runs it, and toSVG names the package to install", () => {
    writeFileSync(join(project, "app.ts"), APP);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], types: [], skipLibCheck: false, outDir: "out" },
        files: ["app.ts"],
      }),
    );
    run(process.execPath, [TSC, "-p", "."], project);
    const out = JSON.parse(run(process.execPath, [join("out", "app.js")], project).stdout) as { grad: number; grads: number[]; svgError: string };
    expect(out.grad).toBeCloseTo(Math.sin(2) + 2 * Math.cos(2), 12);
    expect(out.grads).toEqual([2, -4]);
    expect(out.svgError).toMatch(/^toSVG: graph layout needs the optional package @viz-js\/viz; install it with npm install @viz-js\/viz/);
  });

  it("the wengert bin works; without the optional package, an SVG trace says in one line what to install", () => {
    const bin = join(project, "node_modules", ".bin", "wengert");
    expect(run(bin, ["grad", "x*sin(x)", "--at", "x=2"], project).stdout).toMatch(/∂f\/∂x = 0\.0770037/);
    const svg = spawnSync(bin, ["trace", "sin(x)", "--at", "x=1", "--format", "svg"], { cwd: project, encoding: "utf8", timeout: 60_000 });
    expect(svg.status).toBe(2);
    expect(svg.stderr).toMatch(/^wengert: toSVG: graph layout needs the optional package @viz-js\/viz; install it with npm install @viz-js\/viz .*\n$/);
  });

  it("train without vega: an explicit --plot exits 2 before training, the default plot is skipped with a note", () => {
    const bin = join(project, "node_modules", ".bin", "wengert");
    const small = ["train", "--synthetic", "--epochs", "1", "--subset", "256", "--test-subset", "64", "--no-progress"];
    const asked = spawnSync(bin, [...small, "--plot", "curves.svg"], { cwd: project, encoding: "utf8", timeout: 120_000 });
    expect(asked.status).toBe(2);
    expect(asked.stdout).toBe(""); // nothing trained
    expect(asked.stderr).toMatch(/^wengert: plot: plotting needs the optional packages vega and vega-lite; install them with npm install vega vega-lite\n$/);
    const plain = spawnSync(bin, small, { cwd: project, encoding: "utf8", timeout: 120_000 });
    expect(plain.status).toBe(0);
    expect(plain.stderr).toContain("not drawing the training curves");
    expect(plain.stdout).toMatch(/test accuracy/);
  });
});
