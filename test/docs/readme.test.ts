import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { add, grad, hessian, jvp, log, mul, sin, sub, sum, tensor, type Tensor } from "../../src/index.js";

const root = resolve(import.meta.dirname, "../..");

const readme = (): string => readFileSync(join(root, "README.md"), "utf8");

/** The first TypeScript block under a README heading, with the package import pointed at this checkout. */
function readmeExample(heading = "## Ten lines"): string {
  const text = readme();
  const at = text.indexOf(`\n${heading}\n`);
  expect(at, `README heading ${heading}`).toBeGreaterThan(0);
  const code = /```ts\n([\s\S]*?)```/.exec(text.slice(at))![1]!;
  return code.replace(/from "wengert"/, `from ${JSON.stringify(join(root, "src/index.ts"))}`);
}

/** Runs TypeScript source as an ES module (top-level await allowed) with tsx. */
function runTs(source: string): ReturnType<typeof spawnSync> {
  const dir = mkdtempSync(join(tmpdir(), "wengert-readme-"));
  const file = join(dir, "example.mts");
  writeFileSync(file, source);
  return spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), file], { encoding: "utf8" });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");

describe("the README", () => {
  it("its example runs as printed", () => {
    const run = runTs(readmeExample());
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);

  it("its browser example runs as printed (in Node, where it works the same)", () => {
    const code = readmeExample("## Using it in a browser").replace(/^(grad\(.*?\)\)\(tensor\(\[1, 2, 3\]\)\));/m, "console.log(JSON.stringify($1));");
    const run = runTs(code);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("[2,4,6]\n");
  }, 60_000);

  it("stands alone: its links point into the repository, and it cites no notes or issues users lack", () => {
    const text = readme();
    const headings = new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1]!)));
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) {
      if (t.startsWith("#")) expect(headings, `README link ${t}`).toContain(t.slice(1));
      else expect(existsSync(join(root, t.split("#")[0]!)), `README link ${t}`).toBe(true);
    }
    expect(text).not.toMatch(/\bissues? #?\d|design notes|\bthe notes\b|\bnotes'|API\.md|\.\.\/shared/i);
  });

  it("says how to import it (ESM-only, CommonJS by import()), what optional packages add, and where the API reference is", () => {
    const text = readme();
    for (const needle of [
      "ESM-only", 'await import("wengert")', "npm install @viz-js/viz", "npm install vega vega-lite", "npm run docs", "docs/api/index.html",
      "Cross-Origin-Opener-Policy: same-origin", "Cross-Origin-Embedder-Policy: require-corp", "await wasmBackendLoaded",
    ]) expect(text).toContain(needle);
  });

  it("its types example type-checks under strict settings and runs", () => {
    const code = readme().split("\n## Types of the transforms\n")[1]!;
    const block = /```ts\n([\s\S]*?)```/.exec(code)![1]!;
    const dir = join(root, "out", "readme-types");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "example.ts"), `${block}\nexport const checks: [number, number] = [H[0][1].item(), y.item() + dy.item()];\n`);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../tsconfig.json", include: ["example.ts"] }));
    const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    const run = runTs(`${readmeExample("## Types of the transforms")}\nconsole.log(H[0][1].item(), gp.w.shape.join());\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("1 2\n");
  }, 120_000);

  it("its random-numbers example runs as printed", () => {
    const run = runTs(`${readmeExample("## Random numbers")}\nconsole.log(String(key), random.poisson(stepKey, 1000, [10]).dtype);\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("PRNGKey(0x00000000, 0x00000000) int32\n");
  }, 60_000);

  it("its distributions example runs as printed", () => {
    const run = runTs(`${readmeExample("## Distributions")}\nconsole.log(new Normal(0, 1).logProb(0.5).item().toFixed(4), klDivergence(new Normal(0, 1), new Normal(1, 2)).item().toFixed(4));\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("-1.0439 0.4431\n");
  }, 60_000);

  it("its gradients-of-expectations example runs as printed", () => {
    const run = runTs(`${readmeExample("## Gradients of expectations")}\nconsole.log(r.grad.mu.item().toFixed(4), r.grad.sigma.item().toFixed(4));\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("-0.0051 0.0946\n");
  }, 60_000);

  it("its stochastic-computation-graph example runs as printed", () => {
    const run = runTs(readmeExample("### Stochastic computation graphs"));
    expect(run.stderr).toBe("");
    const [same, grads] = String(run.stdout).trim().split("\n");
    expect(same).toBe("true");
    expect(grads!.split(" ").map(Number).every(Number.isFinite)).toBe(true);
  }, 60_000);

  it("its naive-AD example prints the numbers in its comments", () => {
    const run = runTs(readmeExample("### What goes wrong with naive AD of a sampled value"));
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("0.0000\n0.1022 -1.3026\n0.2327 0.1022 0.0000\n");
  }, 60_000);

  it("its credit-and-baselines example runs as printed", () => {
    const run = runTs(readmeExample("#### Credit, particles and baselines"));
    expect(run.stderr).toBe("");
    const [first, second] = String(run.stdout).trim().split("\n");
    expect(first).toBe("true");
    const [nonzero, gw] = second!.split(" ");
    expect(nonzero).toBe("true");
    expect([2, -4]).toContain(Number(gw)); // 2(w − cy) with w = 1 and cy ∈ {0, 3}
  }, 60_000);

  it("its VAE example trains (the ELBO rises from its first steps)", () => {
    const run = runTs(`${readmeExample("### A variational autoencoder: the pathwise ELBO")}\nconsole.log(step, elbo > -500);\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^\d+ true\n$/);
  }, 120_000);

  it("its models-as-functions example runs as printed", () => {
    const run = runTs(`${readmeExample("### Models as functions")}\nconsole.log(ld.names.join(), ld.dim, tr.get("eta")!.value.shape.join(), ld.constrain(q).theta!.length);\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("mu,tau,eta 10 8 8\n");
  }, 60_000);

  it("its NUTS and diagnostics examples run as printed", () => {
    const diag = readmeExample("### Diagnostics").replace(/^import .*\n/m, "");
    const run = runTs(`${readmeExample("### MCMC: NUTS and HMC (`infer.nuts`, `infer.hmc`)")}\n${diag}\nconsole.log(svg.startsWith("<svg"), post.draws("sigma").shape.join(), s.rows.length);\n`);
    expect(run.stderr).toBe("");
    const lines = String(run.stdout).trim().split("\n");
    expect(lines.at(-1)).toBe("true 4,1000 2");
    expect(String(run.stdout)).toMatch(/mu\s/);
  }, 120_000);

  it("its variational-inference example runs as printed", () => {
    const run = runTs(`${readmeExample("### Variational inference")}\nconst m = auto.median(svi2.params);\nconsole.log(draws.mu!.shape.join(), losses.length, Math.abs(fit.mean[0]! - 2.84) < 0.5, m.mu!.item() > 2 && m.mu!.item() < 3.7);\n`);
    expect(run.stderr).toBe("");
    expect(String(run.stdout).trim().split("\n").at(-1)).toBe("1000 500 true true");
  }, 120_000);

  it("its simulation-based-calibration example runs (fewer simulations here)", () => {
    const code = readmeExample("### Simulation-based calibration (`infer.sbc`)").replace("simulations: 200", "simulations: 12").replace("warmup: 200, samples: 400", "warmup: 100, samples: 200");
    const run = runTs(`${code}\nconsole.log(svg.startsWith("<svg"), res.ranks.mu!.length, res.tests.mu!.pValue > 0);\n`);
    expect(run.stderr).toBe("");
    expect(String(run.stdout).trim().split("\n").at(-1)).toBe("true 12 true");
  }, 120_000);

  it("its sparse-Jacobian example prints the spy plot shown under it", () => {
    const text = readme();
    const section = text.slice(text.indexOf("\n## Sparse Jacobians and Hessians\n"));
    const shown = /```\n(64×64 sparsity pattern[\s\S]*?)```/.exec(section)![1]!;
    const run = runTs(`${readmeExample("## Sparse Jacobians and Hessians")}\nconsole.log(coloring(pattern, { kind: "column", order: "smallest-last" }).count, J(u).values.length);\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`${shown}5 288\n`);
  }, 60_000);

  it("its jacobianCost example prints the table in its comments and eliminates to the notes' gradient", () => {
    const code = readmeExample("### The mix of forward and reverse, made visible");
    const shown = code
      .split("\n")
      .filter((l) => l.startsWith("// ") && !l.includes("eliminated"))
      .map((l) => l.slice(3))
      .join("\n");
    const run = runTs(`${code}\nconst j = jacobian(f, { mode: "eliminate", argnums: [0, 1] })(2, 5);\nconsole.log(j[0].item().toFixed(3), j[1].item().toFixed(3), svg.includes("eliminated 4"));\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`${shown}\n5.500 1.716 true\n`);
  }, 60_000);

  it("its vmap example gives per-example gradients equal to grad of each example, and a batch of Jacobians", () => {
    const code = readmeExample("## Batching: `vmap`");
    const check = [
      "const row = (t: Tensor, n: number) => tensor(Array.from(t.data().slice(3 * n, 4 * n)));",
      "const one = grad(loss)(params, row(xs, 784), row(ys, 10));",
      "const mine = g.w1.data().slice(3 * 784 * 64, 4 * 784 * 64);",
      "const diff = Math.max(...Array.from(one.w1.data(), (v, i) => Math.abs(v - mine[i]!)));",
      "console.log(g.w1.shape.join(), diff < 1e-5, vmap(jacrev(layer))(randn([5, 10])).shape.join());",
    ].join("\n");
    const run = runTs(`import { tensor } from "wengert";\n${code}\n${check}\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("32,784,64 true 5,64,10\n");
  }, 120_000);

  it("its example's results are the ones in its comments", () => {
    const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
    const [g1, g2] = grad(f, { argnums: [0, 1] })(2, 5);
    expect(g1.item()).toBeCloseTo(5.5, 4);
    expect(g2.item()).toBeCloseTo(1.7163, 4);
    const [y, t] = jvp(f, [2, 5], [1, 0]);
    expect([y.item(), t.item()].map((v) => Number(v.toFixed(4)))).toEqual([11.6521, 5.5]);
    expect(hessian((x: Tensor) => sum(mul(x, mul(x, x))))(tensor([1, 2])).toArray()).toEqual([[6, 0], [0, 12]]);
    const w = tensor([1, -2], { requiresGrad: true });
    w.mul(w).sum().backward();
    expect(w.grad!.toArray()).toEqual([2, -4]);
  });
});
