// The exit code of `npm run bench`.

/**
 * 1 when a case could not run at all; otherwise the code a case already set (e.g. the inference
 * case's disagreement with rstan), else 0.
 */
export function suiteExitCode(failures: number, setByCase: number | string | undefined): number {
  if (failures > 0) return 1;
  const code = Number(setByCase ?? 0);
  // NOTE: a non-numeric code a case left behind counts as a failure rather than as success.
  return Number.isInteger(code) ? code : 1;
}
