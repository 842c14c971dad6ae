import type { Command } from "commander";
import { jacobian, reshape } from "../../index.js";
import { emit, type CliIO } from "../cli-io.js";
import { atOption, digitsOption, formatOption, outOption, type CommonOptions } from "../common-options.js";
import { describePoint, elementLabels, expressionAtPoint, flatExpression, valueText } from "../expression-at-point.js";
import { checkMatrixSize, matrixCells, matrixText } from "../matrix-text.js";
import { pointJSON } from "../scalar-output.js";

const EXAMPLES = `
Examples:
  $ wengert jacobian "[x*y, sin(x), x+y]" --at x=2,y=3
  $ wengert jacobian "softmax(z)" --at "z=[1,2,3]" --format json`;

/** Registers `wengert jacobian`: the Jacobian matrix of a (vector) expression. */
export function registerJacobian(program: Command, io: CliIO): void {
  program
    .command("jacobian")
    .summary("the Jacobian of a (vector) expression; forward or reverse mode, whichever is cheaper")
    .description(
      "Evaluates the expression and its Jacobian: one row per element of the value, one column per element of the\n" +
        "variables. Forward mode when there are fewer inputs than outputs, reverse mode otherwise.",
    )
    .argument("<expression>", 'math expression, e.g. "[x*y, sin(x), x+y]"')
    .addOption(atOption())
    .addOption(formatOption(["text", "json"]))
    .addOption(digitsOption("significant digits of the printed values", 10))
    .addOption(outOption())
    .addHelpText("after", EXAMPLES)
    .action((expression: string, opts: CommonOptions) => {
      const point = expressionAtPoint(expression, opts.at);
      const flat = flatExpression(point);
      const value = flat.fn(flat.point);
      checkMatrixSize("jacobian", "Jacobian", value.size, flat.point.size);
      const rows = elementLabels("f", value.shape);
      const J = reshape(jacobian(flat.fn)(flat.point), [value.size, flat.point.size]);
      const text =
        opts.format === "json"
          ? JSON.stringify({ expression, at: pointJSON(point.parsed.variables, point.values), value: value.toArray(), rows, columns: flat.labels, jacobian: J.toArray() }, null, 2)
          : [
              `${expression.trim()}  at ${describePoint(point)}`,
              `f = ${valueText(value, opts.digits)}`,
              `J = ∂f/∂(${flat.labels.join(", ")}):`,
              matrixText(rows, flat.labels, matrixCells(J, opts.digits)),
            ].join("\n");
      emit(io, text, opts.out);
    });
}
