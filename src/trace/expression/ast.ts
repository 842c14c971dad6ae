/** A node of a parsed math expression; `column` is where it starts (1-based, in code points). */
export type ExpressionNode =
  | { readonly kind: "number"; readonly value: number; readonly column: number }
  | { readonly kind: "constant"; readonly name: string; readonly value: number; readonly column: number }
  | { readonly kind: "variable"; readonly name: string; readonly column: number }
  | { readonly kind: "unary"; readonly op: "-" | "+"; readonly operand: ExpressionNode; readonly column: number }
  | { readonly kind: "binary"; readonly op: "+" | "-" | "*" | "/" | "^"; readonly left: ExpressionNode; readonly right: ExpressionNode; readonly column: number }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly ExpressionNode[]; readonly column: number }
  | { readonly kind: "vector"; readonly elements: readonly ExpressionNode[]; readonly column: number }
  | { readonly kind: "index"; readonly target: ExpressionNode; readonly index: ExpressionNode; readonly column: number };

/** The operands of a node, left to right. */
export function childrenOf(node: ExpressionNode): readonly ExpressionNode[] {
  switch (node.kind) {
    case "unary":
      return [node.operand];
    case "binary":
      return [node.left, node.right];
    case "call":
      return node.args;
    case "vector":
      return node.elements;
    case "index":
      return [node.target, node.index];
    default:
      return [];
  }
}
