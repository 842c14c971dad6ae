import type { Tensor } from "../tensor/tensor.js";
import { checkKey, type PRNGKey } from "./key.js";

/** One draw of a sampler from `key` with its parameters `params` (numbers, tensors or undefined). */
export type Draw = (key: PRNGKey, params: readonly unknown[]) => Tensor;

/**
 * What a batching transform (`vmap`) does with a sampler call made inside it: returns the batched
 * result, or null when no batching transform is active (the sampler then draws as usual).
 */
export type SamplerHook = (fn: string, key: PRNGKey, params: readonly unknown[], draw: Draw) => Tensor | null;

let hook: SamplerHook | null = null;
let drawing = false;

/**
 * Installs the hook (done once by the package root with vmap's). NOTE: the random layer sits below
 * the interpreters, so vmap's randomness modes reach the samplers through this setter instead of
 * an import.
 */
export function setSamplerHook(h: SamplerHook | null): void {
  hook = h;
}

/**
 * Every sampler's first step: hands the call to the hook (which may draw per example by calling
 * `draw`), or returns null to let the sampler draw as usual. Draws made through the hook run with
 * the hook off, so a sampler built on another sampler is batched once.
 */
export function drawThroughHook(fn: string, key: unknown, params: readonly unknown[], draw: Draw): Tensor | null {
  if (hook === null || drawing) return null;
  checkKey(key, fn);
  return hook(fn, key as PRNGKey, params, (k, ps) => {
    drawing = true;
    try {
      return draw(k, ps);
    } finally {
      drawing = false;
    }
  });
}
