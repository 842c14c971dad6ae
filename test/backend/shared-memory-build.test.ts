import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { withSharedMemory } from "../../src/backend/wasm/shared-memory-build.js";
import { ensureBuilt, root } from "../helpers/built-package.js";

// The package carries the kernels' bytes once; the threaded build is derived at load time by making
// the memory import shared (the two builds differed in nothing else).
describe("the wasm kernels in the package", () => {
  let source: string;
  beforeAll(() => {
    ensureBuilt();
    source = readFileSync(join(root, "dist", "backend", "wasm", "wasm-bytes.js"), "utf8");
  }, 300_000);

  it("are there once", () => {
    expect([...source.matchAll(/export const (\w+) = "/g)].map((m) => m[1])).toEqual(["wasmKernels"]);
  });

  it("become the threaded build by sharing the memory import, and only then take a shared memory", () => {
    const plain = Uint8Array.from(atob(/wasmKernels = "([^"]*)"/.exec(source)![1]!), (c) => c.charCodeAt(0));
    const shared = withSharedMemory(plain, 32768);
    const abort = (): never => {
      throw new Error("abort");
    };
    const sharedMemory = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
    const plainMemory = new WebAssembly.Memory({ initial: 16, maximum: 65536 });
    const run = (bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): number =>
      (new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, abort } }).exports.heapBase as () => number)();
    expect(run(shared, sharedMemory)).toBe(run(plain, plainMemory));
    expect(() => run(plain, sharedMemory)).toThrow(WebAssembly.LinkError);
    expect(() => run(shared, plainMemory)).toThrow(WebAssembly.LinkError);
    // A larger maximum than the shared build allows is refused: the limits were rewritten, not just the flag.
    expect(() => run(shared, new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true }))).toThrow(WebAssembly.LinkError);
  });

  it("refuses a module without an imported memory", () => {
    expect(() => withSharedMemory(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 10)).toThrow(/no imported memory/);
  });
});
