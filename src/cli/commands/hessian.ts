import type { Command } from "commander";
import { hessian, reshape, type Tensor } from "../../index.js";
import { emit, type CliIO } from "../cli-io.js";
import { atOption, digitsOption, formatOption, outOption, type CommonOptions } from "../common-options.js";
import { describePoint, expressionAtPoint, flatExpression, valueText } from "../expression-at-point.js";
import { checkMatrixSize, matrixCells, matrixText } from "../matrix-text.js";
import { pointJSON, requireScalar } from "../scalar-output.js";

const EXAMPLES = `
Examples:
  $ wengert hessian "x^2*y + y^3" --at x=1,y=2
  $ wengert hessian "logsumexp(z)" --at "z=[0,1,2]" --format json`;

/** Registers `wengert hessian`: the Hessian of a scalar expression (forward over reverse). */
export function registerHessian(program: Command, io: CliIO): void {
  program
    .command("hessian")
    .summary("the Hessian of a scalar expression (forward mode over reverse mode)")
    .description("Evaluates a scalar expression and its matrix of second derivatives over the elements of its variables.")
    .argument("<expression>", 'scalar math expression, e.g. "x^2*y + y^3"')
    .addOption(atOption())
    .addOption(formatOption(["text", "json"]))
    .addOption(digitsOption("significant digits of the printed values", 10))
    .addOption(outOption())
    .addHelpText("after", EXAMPLES)
    .action((expression: string, opts: CommonOptions) => {
      const point = expressionAtPoint(expression, opts.at);
      const flat = flatExpression(point);
      const value = flat.fn(flat.point);
      requireScalar(value, "hessian");
      const n = flat.point.size;
      checkMatrixSize("hessian", "Hessian", n, n);
      const H = reshape(hessian((z: Tensor) => reshape(flat.fn(z), []))(flat.point), [n, n]);
      const text =
        opts.format === "json"
          ? JSON.stringify({ expression, at: pointJSON(point.parsed.variables, point.values), value: value.toArray(), variables: flat.labels, hessian: H.toArray() }, null, 2)
          : [
              `${expression.trim()}  at ${describePoint(point)}`,
              `f = ${valueText(value, opts.digits)}`,
              `H = ∂²f/∂(${flat.labels.join(", ")})²:`,
              matrixText(flat.labels, flat.labels, matrixCells(H, opts.digits)),
            ].join("\n");
      emit(io, text, opts.out);
    });
}
