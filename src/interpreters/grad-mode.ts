/** Whether the eager API records operations (PyTorch's grad mode) and anomaly detection is on. */
export const gradMode = { enabled: true, detectAnomaly: false };

/** Runs `fn` with eager recording switched to `enabled`, restoring the previous state even on throw. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = gradMode.enabled;
  gradMode.enabled = enabled;
  try {
    return fn();
  } finally {
    gradMode.enabled = prev;
  }
}
