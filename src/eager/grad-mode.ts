import { checkFunction, checkNotThenable, checkSyncFunction } from "../core/validate.js";
import { gradMode, withGradMode } from "../interpreters/grad-mode.js";

/**
 * Runs `fn` without recording eager operations (PyTorch's `torch.no_grad()`); nestable and
 * restored even when `fn` throws. Functional transforms (`grad`, `jvp`, ...) are unaffected.
 * NOTE: `fn` must be synchronous: an async function, or one returning a Promise, is an ArgumentError
 * (ops after its first `await` would run after the scope ended, recorded); use `noGrad` inside the
 * async code around its synchronous parts.
 *
 * @example
 * noGrad(() => w.assign(w.sub(w.grad!.mul(0.1))));
 */
export function noGrad<T>(fn: () => T): T {
  checkSyncFunction(fn, "noGrad", "fn");
  return checkNotThenable(withGradMode(false, fn), "noGrad", "fn");
}

/** Runs `fn` with eager recording on, e.g. inside `noGrad` (PyTorch's `enable_grad`); `fn` must be synchronous. */
export function enableGrad<T>(fn: () => T): T {
  checkSyncFunction(fn, "enableGrad", "fn");
  return checkNotThenable(withGradMode(true, fn), "enableGrad", "fn");
}

/** Whether eager operations are being recorded right now. */
export function isGradEnabled(): boolean {
  return gradMode.enabled;
}

/**
 * Runs `fn` with anomaly detection: forward ops remember where they were created, and the first
 * backward rule that produces NaN or ∞ raises an error naming the primitive and that place.
 *
 * @example
 * detectAnomaly(() => sum(sqrt(x)).backward()); // throws at x = 0: "backward of 'sqrt' produced NaN or ∞ ..."
 */
export function detectAnomaly<T>(fn: () => T): T {
  checkFunction(fn, "detectAnomaly", "fn");
  const prev = gradMode.detectAnomaly;
  gradMode.detectAnomaly = true;
  try {
    return fn();
  } finally {
    gradMode.detectAnomaly = prev;
  }
}
