import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { add, grad, hessian, jvp, log, mul, sin, sub, sum, tensor, type Tensor } from "../../src/index.js";

const root = resolve(import.meta.dirname, "../..");

/** The README's "Ten lines" example, with the package import pointed at this checkout. */
function readmeExample(): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Ten lines"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
  return code.replace(/from "wengert"/, `from ${JSON.stringify(join(root, "src/index.ts"))}`);
}

describe("the README", () => {
  it("its example runs as printed", () => {
    const dir = mkdtempSync(join(tmpdir(), "wengert-readme-"));
    const file = join(dir, "example.ts");
    writeFileSync(file, readmeExample());
    const run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), file], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);

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
