import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { assign } from "../../eager/leaf-ops.js";

/**
 * Whether `updateRunningInPlace` takes these: `batch` holds concrete data of `running`'s dtype and
 * size, and `running` is a float32 or float64 leaf.
 */
export function canUpdateRunningInPlace(running: Tensor, batch: Tensor): boolean {
  const [r, b] = [running._data, batch._data];
  if (batch._owner !== null || running._owner !== null || running._node !== null || r === null || b === null) return false;
  return batch.dtype === running.dtype && b.length === r.length && (r instanceof Float32Array || r instanceof Float64Array) && b.constructor === r.constructor;
}

/**
 * running ← (1 − m)·running + m·(batch·scale) in one loop over the C values (`scale` null: the batch
 * as it is), with the roundings of the ops it replaces (`mul` by a number rounds the number to the
 * tensor's dtype, every op rounds its result), written with `assign`. Only where
 * `canUpdateRunningInPlace`.
 */
export function updateRunningInPlace(running: Tensor, batch: Tensor, m: number, scale: number | null): void {
  const r = running._data!;
  const b = batch._data!;
  const n = r.length;
  if (r instanceof Float32Array) {
    const f = Math.fround;
    const [keep, take, s] = [f(1 - m), f(m), f(scale ?? 1)];
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = f(f(r[i]! * keep) + f((scale === null ? b[i]! : f(b[i]! * s)) * take));
    assign(running, fromData(out, running.shape, "float32"));
    return;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = r[i]! * (1 - m) + (scale === null ? b[i]! : b[i]! * scale) * m;
  assign(running, fromData(out, running.shape, "float64"));
}
