import { argumentError } from "../../../core/validate.js";

/**
 * A model that another thread can load: the URL of an ES module and the name of the export that is
 * the model function (`{ module: import.meta.url, export: "eightSchools" }`). What `chainMethod:
 * "parallel"` samples: a function cannot be sent to a worker, but every worker can import its module.
 */
export interface ModelRef {
  /** The module's URL (`import.meta.url` of the file that defines the model, or any importable URL). */
  readonly module: string | URL;
  /** The name of the exported model function. */
  readonly export: string;
}

/** Whether `x` looks like a `ModelRef` (an object with `module` and `export`). */
export function isModelRef(x: unknown): x is ModelRef {
  return x !== null && typeof x === "object" && "module" in x && "export" in x;
}

/** Checks a `ModelRef` and returns its URL as a string; errors name `fn` and `arg`. */
export function checkModelRef(x: unknown, fn: string, arg: string): { url: string; name: string } {
  const r = x as ModelRef;
  const url = r.module instanceof URL ? r.module.href : r.module;
  if (typeof url !== "string" || url.length === 0) throw argumentError(fn, `${arg}.module`, "a module URL (a string or a URL, e.g. import.meta.url)", r.module);
  if (typeof r.export !== "string" || r.export.length === 0) throw argumentError(fn, `${arg}.export`, "the name of the exported model function", r.export);
  return { url, name: r.export };
}

/** Imports the module of a `ModelRef` and returns its model function; errors name `fn` and `arg`. */
export async function loadModel(url: string, name: string, fn: string, arg: string): Promise<(...args: never[]) => unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } catch (e) {
    throw argumentError(fn, `${arg}.module`, `an importable module (importing it failed: ${(e as Error).message})`, url);
  }
  const model = mod[name];
  if (typeof model !== "function") throw argumentError(fn, `${arg}.export`, `the name of a function exported by ${url}`, name);
  return model as (...args: never[]) => unknown;
}
