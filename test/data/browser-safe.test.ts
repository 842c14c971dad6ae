// The package runs in browsers: the static import graph of its entry points must not reach a Node
// built-in. (data/ reads files through `import("node:…")` inside functions, which bundlers leave
// out of browser builds; only static imports are followed here.)
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../../src");
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every module reachable from `entry` through static `import … from` / `export … from`, and the bare specifiers met. */
function staticGraph(entry: string): { files: Set<string>; external: Map<string, string> } {
  const files = new Set<string>();
  const external = new Map<string, string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (const m of source.matchAll(/(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[^"'();]*?\s+from\s+)?["']([^"']+)["']/g)) {
      const spec = m[1]!;
      if (m[0].includes("import type") || m[0].includes("export type")) continue;
      if (spec.startsWith(".")) stack.push(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else external.set(spec, file);
    }
  }
  return { files, external };
}

describe("browser safety", () => {
  for (const entry of ["index.ts", "nn/index.ts", "data/index.ts"])
    it(`src/${entry} statically imports no Node built-in`, () => {
      const { files, external } = staticGraph(join(root, entry));
      expect(files.size).toBeGreaterThan(entry === "index.ts" ? 50 : 5);
      const node = [...external].filter(([spec]) => builtins.has(spec)).map(([spec, file]) => `${spec} (from ${file.slice(root.length + 1)})`);
      expect(node).toEqual([]);
    });

  it("the walker does see Node imports where they are", () => {
    const { external } = staticGraph(join(__dirname, "browser-safe.test.ts"));
    expect([...external.keys()]).toContain("node:fs");
  });
});
