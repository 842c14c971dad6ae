import type { Tensor } from "./tensor.js";

/**
 * What a batching transform (`vmap`) does with a draw from the global generator (`rand`, `randn`,
 * `randint`) made inside it: returns the batched result, or null when no batching transform is
 * active (the function then draws as usual). `draw` makes one unbatched draw.
 */
export type GlobalDrawHook = (fn: string, draw: () => Tensor) => Tensor | null;

let hook: GlobalDrawHook | null = null;
let drawing = false;

/** Installs the hook (done once by the package root with vmap's); the tensor layer sits below the interpreters. */
export function setGlobalDrawHook(h: GlobalDrawHook | null): void {
  hook = h;
}

/** The global-generator functions' first step: the hook's batched draw, or null to draw as usual. */
export function globalDrawThroughHook(fn: string, draw: () => Tensor): Tensor | null {
  if (hook === null || drawing) return null;
  return hook(fn, () => {
    drawing = true;
    try {
      return draw();
    } finally {
      drawing = false;
    }
  });
}
