import type { TypedArray } from "../../core/dtype.js";
import { arenaCall } from "../../backend/wasm/arena-call.js";
import { getKernels, type WasmKernels } from "../../backend/wasm/module.js";
import type { LoopKernel } from "./loop-kernel.js";

type KernelFunction = (...args: number[]) => void;

/** A loop kernel ready to run: its module (compiled on first use) and an instance per memory it ran over. */
export class RunnableLoopKernel {
  private module: WebAssembly.Module | null | undefined;
  private readonly instances = new WeakMap<WebAssembly.Memory, KernelFunction>();

  constructor(readonly kernel: LoopKernel) {}

  /** The kernel's function over `k`'s memory, or null when the engine refuses the module. */
  functionFor(k: WasmKernels): KernelFunction | null {
    const known = this.instances.get(k.memory);
    if (known !== undefined) return known;
    if (this.module === undefined) {
      const bytes = k.shared ? this.kernel.bytes.shared : this.kernel.bytes.plain;
      try {
        this.module = new WebAssembly.Module(bytes);
      } catch {
        // NOTE: browsers refuse synchronous compilation of larger modules on the main thread: the
        // JS loop runs until an asynchronous compilation is done (and for good if that fails too).
        this.module = null;
        WebAssembly.compile(bytes).then(
          (m) => (this.module = m),
          () => undefined,
        );
      }
    }
    if (this.module === null) return null;
    const fn = new WebAssembly.Instance(this.module, { env: { memory: k.memory } }).exports["kernel"] as KernelFunction;
    this.instances.set(k.memory, fn);
    return fn;
  }
}

/**
 * Runs a loop kernel over the wasm backend's memory: copies `arrays` into its arena, runs it with
 * `scalars`, and copies the results into `outputs`. Returns false (nothing written) when the
 * kernels are not loaded, the module is refused, or the arrays fit no wasm memory: the caller runs
 * its JS loop then.
 */
export function runLoopKernel(kernel: RunnableLoopKernel, arrays: readonly TypedArray[], scalars: readonly number[], outputs: readonly TypedArray[]): boolean {
  if (getKernels() === null) return false;
  let bytes = 0;
  for (const a of arrays) bytes += a.byteLength;
  for (const o of outputs) bytes += o.byteLength;
  const done = arenaCall(bytes, (k, arena) => {
    const fn = kernel.functionFor(k);
    if (fn === null) return null;
    arena.reset();
    const args: number[] = [];
    for (const a of arrays) args.push(arena.copyIn(a));
    for (const o of outputs) args.push(arena.alloc(o.byteLength));
    for (const s of scalars) args.push(s);
    fn(...args);
    const buffer = k.memory.buffer;
    outputs.forEach((o, j) => new Uint8Array(o.buffer, o.byteOffset, o.byteLength).set(new Uint8Array(buffer, args[arrays.length + j], o.byteLength)));
    return true;
  });
  return done === true;
}
