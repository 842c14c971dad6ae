// The published .d.ts files: what users' editors and the API reference see.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, root } from "../helpers/built-package.js";

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarationFiles(join(dir, e.name)) : e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

describe("the published declarations", () => {
  beforeAll(ensureBuilt, 300_000);

  it("contain no @internal member", () => {
    const files = declarationFiles(join(root, "dist"));
    expect(files.length).toBeGreaterThan(50);
    const leaked = files.filter((f) => readFileSync(f, "utf8").includes("@internal")).map((f) => f.slice(root.length + 1));
    expect(leaked).toEqual([]);
  });

  it("declare Tensor without its storage and tracer fields, and with the constructor's real arguments", () => {
    const text = readFileSync(join(root, "dist/tensor/tensor.d.ts"), "utf8");
    expect(text).not.toMatch(/\b_(data|owner|primal|tangent|node|version|hooks|concrete)\b/);
    expect(text).toMatch(/constructor\(shape: Shape, dtype: DType/);
    expect(text).toMatch(/toJSON\(\): unknown;/);
  });
});
