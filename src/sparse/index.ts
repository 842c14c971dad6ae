export { coloring, type Coloring, type ColoringKind, type ColoringOptions } from "./coloring.js";
export type { SparseOptions } from "./compressed-options.js";
export { hessianSparsity, jacobianSparsity } from "./detect.js";
export { sparseHessian, type PreparedHessian, type SparseHessianFn } from "./sparse-hessian.js";
export { sparseJacobian, type PreparedJacobian, type SparseJacobianFn } from "./sparse-jacobian.js";
export { SparseMatrix } from "./sparse-matrix.js";
export { SparsityPattern } from "./sparsity-pattern.js";
export type { VertexOrder } from "./vertex-order.js";
