/**
 * Loading an optional dependency: a package that only one feature needs (Graphviz for
 * `Program.toSVG()`, Vega for the CLI's plots), so that installing wengert installs none of them.
 * NOTE: they are optional peer dependencies: `npm install wengert` leaves them out, users of the
 * feature install them, and the package imports them with `import()` only when the feature runs.
 */

/** An optional package a feature needs is not installed (the message says which, and how to install it). */
export class OptionalDependencyError extends Error {
  override name = "OptionalDependencyError";
}

/**
 * Runs `load` (an `import()` of `pkg`, written out by the caller so that bundlers still see it) and
 * returns the module; when the package cannot be loaded, an error that names `fn`, what needed the
 * package and how to install it (the loader's error is its `cause`).
 *
 * @example
 * const viz = await importOptional("toSVG", "graph layout", "@viz-js/viz", () => import("@viz-js/viz"));
 */
export async function importOptional<T>(fn: string, purpose: string, pkg: string | readonly string[], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const pkgs = typeof pkg === "string" ? [pkg] : pkg;
    const what = pkgs.length === 1 ? `the optional package ${pkgs[0]}; install it` : `the optional packages ${pkgs.join(" and ")}; install them`;
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new OptionalDependencyError(`${fn}: ${purpose} needs ${what} with npm install ${pkgs.join(" ")} (loading failed: ${reason})`, { cause: e });
  }
}
