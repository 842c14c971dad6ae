import { isFloat } from "../../core/dtype.js";
import { TransformError } from "../../core/errors.js";
import { sizeOf } from "../../core/shape.js";
import type { TreeDef } from "../../core/tree.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Variable } from "../../trace/equation.js";
import type { Program } from "../../trace/program.js";
import { traceProgram } from "../../trace/trace.js";
import { registerJacobianMode } from "../../transforms/jacobian-modes.js";
import { linearizedGraph } from "./linearized-graph.js";
import { eliminateVertices } from "./vertex-elimination.js";

/** Refuses traces whose values are tracers of an enclosing transform: elimination computes plain numbers. */
function checkNotNested(program: Program, fn: string): void {
  const traced = (t: Tensor) => t._owner !== null;
  const nested =
    program.inputs.some((v) => traced(v.value)) || program.equations.some((eq) => eq.inputs.some((a) => !(a instanceof Variable) && traced(a.value)));
  if (nested)
    throw new TransformError(
      `${fn}: mode "eliminate" computes the Jacobian's numbers by vertex elimination and cannot be differentiated or batched by an enclosing transform; use mode "forward" or "reverse" there`,
    );
}

/**
 * The Jacobian by vertex elimination in Markowitz order on the linearised trace of `call` at
 * `flatIn`: blocks J[o][i] of shape `[...out_o, ...in_i]`, and the output structure.
 *
 * NOTE: the entries are accumulated in float64 and returned in each output's dtype (the dtype
 * `jacfwd` gives); an output that does not depend on the inputs gets zero blocks.
 */
export function eliminationJacobian(call: (xs: Tensor[]) => unknown, flatIn: readonly Tensor[], fn: string): [TreeDef, Tensor[][]] {
  const program = traceProgram((...xs: Tensor[]) => call(xs), flatIn, {}, fn);
  checkNotNested(program, fn);
  const g = linearizedGraph(program, true);
  const { preds } = eliminateVertices(g, "markowitz");
  const starts: number[] = [];
  let at = 0;
  for (const x of flatIn) {
    starts.push(at);
    at += x.size;
  }
  let row = 0;
  const blocks = program.outputs.map((o) => {
    const m = sizeOf(o.value.shape);
    const dtype = isFloat(o.value.dtype) ? o.value.dtype : "float64";
    const datas = flatIn.map((x) => (dtype === "float32" ? new Float32Array(m * x.size) : new Float64Array(m * x.size)));
    for (let e = 0; e < m; e++) {
      const y = g.outputs[row + e]!;
      if (y < 0) continue;
      for (const [j, c] of preds[y]!) {
        let leaf = 0;
        while (leaf + 1 < starts.length && starts[leaf + 1]! <= j) leaf++;
        datas[leaf]![e * flatIn[leaf]!.size + (j - starts[leaf]!)] = c;
      }
    }
    row += m;
    return flatIn.map((x, i) => fromData(datas[i]!, [...o.value.shape, ...x.shape], dtype));
  });
  return [program.outputDef, blocks];
}

registerJacobianMode("eliminate", eliminationJacobian);
