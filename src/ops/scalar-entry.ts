import { bindScalar } from "../primitives/bind.js";
import { scalarRuleByCode } from "../interpreters/scalar-rules.js";
import { scalarTensor, Tensor } from "../tensor/tensor.js";

/**
 * The ops' scalar entry for a binary op with a float64 scalar rule (op code `code`, a `ScalarOp`
 * entry): when the general op would bind the rule's primitive to `a` and `b` unchanged — two float64
 * tensors, or a float64 tensor and a JS number (which takes float64: `numberDtype`) — binds it
 * through `bindScalar` (no promotion, no argument arrays); otherwise undefined, and the op takes its
 * general path. Any shapes: the interpreters' scalar entries decline what they cannot take.
 *
 * NOTE: only float64 is taken: float32, int32 and bool operands (and numbers beside them) keep the
 * general path's promotion exactly, since the scalar rules are float64 rules.
 */
export function scalarBinaryOp(code: number, a: unknown, b: unknown): Tensor | undefined {
  let ta: Tensor;
  let tb: Tensor;
  if (a instanceof Tensor) {
    if (a.dtype !== "float64") return undefined;
    ta = a;
    if (b instanceof Tensor) {
      if (b.dtype !== "float64") return undefined;
      tb = b;
    } else if (typeof b === "number") tb = scalarTensor(b, [], "float64");
    else return undefined;
  } else if (typeof a === "number" && b instanceof Tensor && b.dtype === "float64") {
    ta = scalarTensor(a, [], "float64");
    tb = b;
  } else return undefined;
  const rule = scalarRuleByCode(code);
  return rule === undefined ? undefined : bindScalar(rule, ta, tb);
}

/**
 * The ops' scalar entry for a unary op with a float64 scalar rule: a float64 tensor `x` is bound
 * through `bindScalar`; anything else (numbers, other dtypes) gives undefined (the general path).
 */
export function scalarUnaryOp(code: number, x: unknown): Tensor | undefined {
  if (!(x instanceof Tensor) || x.dtype !== "float64") return undefined;
  const rule = scalarRuleByCode(code);
  return rule === undefined ? undefined : bindScalar(rule, x, null);
}
