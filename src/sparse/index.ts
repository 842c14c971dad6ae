export { coloring, type Coloring, type ColoringKind, type ColoringOptions } from "./coloring.js";
export type { SparseOptions } from "./compressed-options.js";
export { hessianSparsity, jacobianSparsity } from "./detect.js";
export { jacobianCost, JacobianCost, type CostRow, type EliminationCost } from "./elimination/jacobian-cost.js";
export type { JacobianChain } from "./elimination/jacobian-chain.js";
import "./elimination/elimination-jacobian.js"; // registers jacobian(f, { mode: "eliminate" })
export { sparseHessian, type PreparedHessian, type SparseHessianFn } from "./sparse-hessian.js";
export { sparseJacobian, type PreparedJacobian, type SparseJacobianFn } from "./sparse-jacobian.js";
export { SparseMatrix } from "./sparse-matrix.js";
export { SparsityPattern } from "./sparsity-pattern.js";
export type { VertexOrder } from "./vertex-order.js";
