// The options of lu and luFactor (torch.linalg.lu, lu_factor): `pivot`.
import { argumentError, checkBoolean, checkOptionNames } from "../core/validate.js";

/** Options of `luFactor` and `lu` (PyTorch's names). */
export interface LuOptions {
  /** Partial pivoting (default true; false raises: LU without pivoting is not implemented, as on PyTorch's CPU). */
  pivot?: boolean;
}

/** Checks `lu`/`luFactor`'s options: only `pivot: true` is accepted. */
export function checkPivot(opts: unknown, fn: string): void {
  const o = checkOptionNames<LuOptions>(opts, fn, ["pivot"]);
  if (o.pivot !== undefined && !checkBoolean(o.pivot, fn, "options.pivot"))
    throw argumentError(fn, "options.pivot", "true (LU without pivoting is not implemented, as on PyTorch's CPU)", o.pivot);
}
