import { Variable, type Equation } from "../trace/equation.js";

/**
 * The equations reordered so that each one with only one-element operands and results runs just before the
 * first equation that reads one of them (or at the end), the others keeping their order. Scalar
 * work then no longer sits between the elementwise equations of one loop, so they fuse into one
 * loop with the sums they feed (a gradient's forward and backward sums over a plate, say).
 * NOTE: valid because primitives are pure: only data dependences order equations.
 */
export function sinkScalars(equations: readonly Equation[]): Equation[] {
  const order: Equation[] = [];
  const waiting = new Map<Variable, Equation>();
  const emitted = new Set<Equation>();
  // Emits the waiting equations that `eq` reads (and theirs, depth first, iteratively), then `eq`.
  const emit = (eq: Equation): void => {
    const stack: [Equation, number][] = [[eq, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [e, k] = top;
      if (k < e.inputs.length) {
        top[1]++;
        const a = e.inputs[k]!;
        const dep = a instanceof Variable ? waiting.get(a) : undefined;
        if (dep !== undefined && !emitted.has(dep)) {
          emitted.add(dep);
          stack.push([dep, 0]);
        }
        continue;
      }
      stack.pop();
      order.push(e);
    }
  };
  for (const eq of equations) {
    if (eq.outputs.length > 0 && eq.outputs.every((o) => o.value.size === 1) && eq.inputs.every((a) => a.value.size === 1)) {
      for (const o of eq.outputs) waiting.set(o, eq);
      continue;
    }
    emitted.add(eq);
    emit(eq);
  }
  for (const eq of new Set(waiting.values()))
    if (!emitted.has(eq)) {
      emitted.add(eq);
      emit(eq);
    }
  return order;
}
