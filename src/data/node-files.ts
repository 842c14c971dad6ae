/**
 * File access for the Node-only parts of `data` (datasets on disk, model files). Node's `fs` is
 * imported on demand, inside these functions, so the static import graph of the package stays free
 * of Node built-ins and browser bundles never see them.
 */

/** Whether this runs under Node.js. */
export function isNode(): boolean {
  return typeof process !== "undefined" && process.versions?.node !== undefined;
}

async function fs(what: string): Promise<typeof import("node:fs/promises")> {
  if (!isNode()) throw new Error(`${what} reads and writes files, which needs Node.js; in a browser, fetch the bytes and use the byte-level functions (nn.load, data.decodeIdx)`);
  return import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs/promises");
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
  try {
    return (await (await fs(what)).stat(path)).isFile();
  } catch {
    return false;
  }
}
