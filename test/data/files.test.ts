// Node file helpers: a model saved with saveFile and loaded with loadFile, and errors naming the file.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { randn } from "../../src/index.js";
import { loadFile, loadFileWithMetadata, saveFile } from "../../src/data/index.js";
import { Linear, ReLU, Sequential, load } from "../../src/nn/index.js";

describe("saveFile / loadFile", () => {
  it("round trip through a .safetensors file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wengert-files-"));
    const path = join(dir, "model.safetensors");
    const a = new Sequential(new Linear(3, 4, { seed: 0 }), new ReLU(), new Linear(4, 2, { seed: 1 }));
    await saveFile(path, a, { metadata: { note: "test" } });
    expect(Object.keys(load(readFileSync(path)))).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    const b = new Sequential(new Linear(3, 4, { seed: 5 }), new ReLU(), new Linear(4, 2, { seed: 6 }));
    b.loadStateDict(await loadFile(path));
    const x = randn([2, 3], { seed: 2 });
    expect(b.forward(x).toArray()).toEqual(a.forward(x).toArray());
    expect((await loadFileWithMetadata(path)).metadata).toEqual({ note: "test" });
  });

  it("errors name the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wengert-files-"));
    const path = join(dir, "broken.safetensors");
    writeFileSync(path, Uint8Array.of(1, 2, 3));
    await expect(loadFile(path)).rejects.toThrow(`${path}: safetensors: the input has 3 bytes`);
    await expect(loadFile(join(dir, "missing.safetensors"))).rejects.toThrow(/ENOENT/);
  });
});
