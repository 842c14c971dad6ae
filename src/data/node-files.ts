/**
 * File access for the Node-only parts of `data` (datasets on disk, model files). Node's `fs` is
 * imported on demand, inside these functions, so the static import graph of the package stays free
 * of Node built-ins and browser bundles never see them.
 */

/** Whether this runs under Node.js. */
export function isNode(): boolean {
  return typeof process !== "undefined" && process.versions?.node !== undefined;
}

/**
 * A Node.js built-in module for `what`, loaded only when called; elsewhere an error saying that
 * `what` is Node.js-only and what to use instead.
 * NOTE: `process.getBuiltinModule` (Node ≥ 20.16), else `import()` of a non-literal specifier: either
 * way no bundler sees a `node:` import, so browser bundles neither fail to resolve nor include one.
 */
export async function nodeModule<T>(name: string, what: string, instead: string): Promise<T> {
  if (!isNode()) throw new Error(`${what} is Node.js-only (it uses ${name}); ${instead}`);
  const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.(name);
  if (builtin !== undefined) return builtin as T;
  const specifier = name;
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
}

const BYTES_INSTEAD =
  "in a browser, fetch the bytes and use the byte-level functions (data.decodeIdx for IDX files, nn.load / nn.save for safetensors)";

function fs(what: string): Promise<typeof import("node:fs/promises")> {
  return nodeModule<typeof import("node:fs/promises")>("node:fs/promises", what, BYTES_INSTEAD);
}

/** The bytes of a file. */
export async function readBytes(path: string, what = "readBytes"): Promise<Uint8Array> {
  return new Uint8Array(await (await fs(what)).readFile(path));
}

/** Writes bytes to a file, creating or replacing it. */
export async function writeBytes(path: string, bytes: Uint8Array, what = "writeBytes"): Promise<void> {
  await (await fs(what)).writeFile(path, bytes);
}

/** Whether a path exists and is a file. */
export async function isFile(path: string, what = "isFile"): Promise<boolean> {
  const files = await fs(what); // outside the try: in a browser, the Node-only error, not "no such file"
  try {
    return (await files.stat(path)).isFile();
  } catch {
    return false;
  }
}
