/** The slice of cli-progress's MultiBar this library drives (declared here so no type import reaches browsers). */
export interface MultiBarLike {
  create(total: number, start: number, payload: Record<string, string>): { update(value: number, payload: Record<string, string>): void };
  update(): void;
  stop(): void;
}

/** The slice of the cli-progress module used here. */
interface CliProgressModule {
  MultiBar: new (options: Record<string, unknown>, preset?: unknown) => MultiBarLike;
  Presets: { shades_classic: unknown };
}

/** The slice of Node's `process` read here (from `globalThis`, so browsers never load Node code). */
interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

let cached: CliProgressModule | null | undefined;

/**
 * cli-progress (a runtime dependency, CommonJS), loaded on first use with Node's `require` from
 * `process.getBuiltinModule("node:module")`; null in browsers, in Node < 20.16, or when it cannot be
 * resolved. NOTE: loaded lazily and synchronously (the samplers are synchronous), with no import
 * statement, so bundles for browsers never include it.
 */
export function loadCliProgress(): CliProgressModule | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const proc = (globalThis as { process?: NodeProcess }).process;
    const mod = proc?.getBuiltinModule?.("node:module") as { createRequire(from: string): (id: string) => unknown } | undefined;
    if (mod !== undefined) cached = mod.createRequire(import.meta.url)("cli-progress") as CliProgressModule;
  } catch {
    cached = null;
  }
  return cached;
}
