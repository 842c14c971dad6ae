/**
 * Makes functions from generated source with the `Function` constructor. Pages whose Content
 * Security Policy forbids `unsafe-eval` make it throw (an EvalError); `compile` then interprets the
 * program instead. Tests replace `make` to simulate that.
 */
export const functionFactory = {
  /** `new Function(...params, body)`. */
  make(params: readonly string[], body: string): (...args: unknown[]) => unknown {
    return new Function(...params, body) as (...args: unknown[]) => unknown;
  },
};
