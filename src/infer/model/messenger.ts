import type { Message } from "./message.js";

/**
 * An effect handler (NumPyro's Messenger): while its model runs it sits on the handler stack and
 * sees every message, innermost handler first on the way in, outermost first on the way out.
 */
export abstract class Messenger {
  /** Reads or changes a message before the default action (set `msg.stop` to hide it from outer handlers). */
  process(_msg: Message): void {}
  /** Sees a message after its value is known. */
  postprocess(_msg: Message): void {}
}

const stack: Messenger[] = [];

/** Whether any handler is active (primitives outside every handler act directly, as in NumPyro). */
export function handlersActive(): boolean {
  return stack.length > 0;
}

/** The active handlers, outermost first (read-only view). */
export function activeHandlers(): readonly Messenger[] {
  return stack;
}

/**
 * Sends `msg` through the stack (NumPyro's `apply_stack`): `process` from the innermost handler out,
 * stopping at one that sets `stop`; then `fill` (the default action); then `postprocess` on the
 * handlers that processed it, outermost first.
 */
export function applyStack(msg: Message, fill: (msg: Message) => void): Message {
  let pointer = stack.length - 1;
  for (; pointer >= 0; pointer--) {
    stack[pointer]!.process(msg);
    if (msg.stop) break;
  }
  fill(msg);
  for (let i = Math.max(pointer, 0); i < stack.length; i++) stack[i]!.postprocess(msg);
  return msg;
}

/** Runs `body` with `m` pushed on the stack, popping it however `body` ends. */
export function withMessenger<T>(m: Messenger, body: () => T): T {
  stack.push(m);
  try {
    return body();
  } finally {
    const i = stack.lastIndexOf(m);
    if (i >= 0) stack.splice(i, 1);
  }
}

/** Runs `body` with no handler active (the stack set aside and restored): for code that runs a model on its own inside another model's run. */
export function withoutHandlers<T>(body: () => T): T {
  const saved = stack.splice(0, stack.length);
  try {
    return body();
  } finally {
    stack.splice(0, stack.length, ...saved);
  }
}
