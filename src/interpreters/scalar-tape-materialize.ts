import { noParams } from "../primitives/bind.js";
import { scalarTensor, Tensor, type TracerOwner } from "../tensor/tensor.js";
import { GradNode } from "./grad-node.js";
import { primOfScalarOp, ScalarOp } from "./scalar-rules.js";
import { NO_SLOT, ROW_FLTS, ROW_INTS } from "./scalar-tape-storage.js";

/**
 * The `GradNode`s of the compact tape's first `n` rows (scalar-tape.ts `materialize`), in recording
 * order: for each row the tracer of a node with the row's primitive, inputs and output value (a new
 * tracer of `owner`), or a leaf row's own tracer from `leaves`; constant operands from `consts`.
 */
export function materializeRows(ints: Int32Array, flts: Float64Array, n: number, leaves: readonly Tensor[], consts: readonly Tensor[] | null, owner: TracerOwner): Tensor[] {
  const nodes = new Array<Tensor>(n);
  const input = (s: number): Tensor => (s >= 0 ? nodes[s]! : consts![-1 - s]!);
  for (let r = 0; r < n; r++) {
    const i = r * ROW_INTS;
    const op = ints[i]!;
    if (op === ScalarOp.leaf) {
      nodes[r] = leaves[ints[i + 1]!]!;
      continue;
    }
    const x = input(ints[i + 1]!);
    const s1 = ints[i + 2]!;
    const inputs = s1 === NO_SLOT ? [x] : [x, input(s1)];
    // A row's shape is its first operand's (recordRule).
    const primal = scalarTensor(flts[r * ROW_FLTS + 2]!, x.shape, "float64");
    const t = Tensor._tracer(owner, primal);
    t._node = new GradNode(primOfScalarOp[op]!, noParams, inputs, owner, primal, undefined);
    nodes[r] = t;
  }
  return nodes;
}
