import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, root } from "../helpers/built-package.js";

// The package ships dist/ only ("files"), so a source map must carry its sources (sourcesContent)
// or point at files that ship; otherwise debuggers and stack-trace tools show "source not found".
function maps(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? maps(join(dir, e.name)) : e.name.endsWith(".map") ? [join(dir, e.name)] : [],
  );
}

describe("the built package's source maps", () => {
  beforeAll(ensureBuilt, 300_000);

  it("every map's sources are inlined or shipped", () => {
    const dist = join(root, "dist");
    const found = maps(dist);
    expect(found.length).toBeGreaterThan(0);
    const broken: string[] = [];
    for (const file of found) {
      const map = JSON.parse(readFileSync(file, "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      map.sources.forEach((source, i) => {
        const shipped = resolve(dirname(file), source).startsWith(dist + "/") && existsSync(resolve(dirname(file), source));
        if (!shipped && typeof map.sourcesContent?.[i] !== "string") broken.push(`${file.slice(dist.length + 1)} → ${source}`);
      });
    }
    expect(broken.slice(0, 5)).toEqual([]);
  });
});
