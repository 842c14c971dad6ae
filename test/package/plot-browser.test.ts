import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// The "wengert/plot" entry must bundle for browsers: no node: module (image grids reach node:zlib
// through process.getBuiltinModule at run time, and vega/vega-lite are optional dynamic imports).
describe("wengert/plot in a browser bundle", () => {
  it("imports no node: module", async () => {
    const r = await build({
      entryPoints: ["src/cli/plot/index.ts"], bundle: true, write: false, format: "esm", platform: "browser",
      metafile: true, logLevel: "silent", external: ["vega", "vega-lite"],
    });
    const imports = Object.values(r.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p.startsWith("node:"))).toEqual([]);
  });
});
