import type { AnyModule, StateDict } from "../nn/module.js";
import { loadSafetensors, save, type SafetensorsContents, type SaveOptions } from "../nn/safetensors.js";
import { readBytes, writeBytes } from "./node-files.js";

/**
 * Writes a module's state dict (or a state dict) to a safetensors file (Node.js).
 *
 * @example
 * await data.saveFile("model.safetensors", model, { metadata: { epochs: "5" } });
 */
export async function saveFile(path: string, source: AnyModule | StateDict, opts: SaveOptions = {}): Promise<void> {
  await writeBytes(path, save(source, opts), "saveFile");
}

/**
 * Reads a safetensors file into a state dict (Node.js).
 *
 * @example
 * model.loadStateDict(await data.loadFile("model.safetensors"));
 */
export async function loadFile(path: string): Promise<StateDict> {
  return (await loadFileWithMetadata(path)).tensors;
}

/** Reads a safetensors file: its tensors and its `__metadata__` strings (Node.js). */
export async function loadFileWithMetadata(path: string): Promise<SafetensorsContents> {
  const bytes = await readBytes(path, "loadFile");
  try {
    return loadSafetensors(bytes);
  } catch (e) {
    (e as Error).message = `${path}: ${(e as Error).message}`;
    throw e;
  }
}
