import type { Command } from "commander";
import { jvp, type Tensor } from "../../index.js";
import { emit, type CliIO } from "../cli-io.js";
import { atOption, digitsOption, formatOption, outOption, wrtOption, type CommonOptions } from "../common-options.js";
import { basisVector, describePoint, expressionAtPoint, flatExpression, valueText } from "../expression-at-point.js";
import { UsageError } from "../usage-error.js";

const EXAMPLES = `
Examples:
  $ wengert derivative "x^3 - 2*x" --at x=2
  $ wengert derivative "[sin(t), cos(t)]" --at t=0.5
  $ wengert derivative "x*y^2" --at x=1,y=3 --wrt y --format json`;

/** Registers `wengert derivative`: d/dx of an expression (forward mode, one pass). */
export function registerDerivative(program: Command, io: CliIO): void {
  program
    .command("derivative")
    .summary("the derivative with respect to one scalar variable (forward mode)")
    .description("Evaluates the expression and its derivative with respect to one scalar variable in one forward-mode pass.\nVector expressions give the derivative of every component.")
    .argument("<expression>", 'math expression, e.g. "x^3 - 2*x"')
    .addOption(atOption())
    .addOption(wrtOption("the variable to differentiate with respect to (needed when there are several)"))
    .addOption(formatOption(["text", "json"]))
    .addOption(digitsOption("significant digits of the printed values", 10))
    .addOption(outOption())
    .addHelpText("after", EXAMPLES)
    .action((expression: string, opts: CommonOptions) => {
      const point = expressionAtPoint(expression, opts.at);
      const { variables } = point.parsed;
      if (opts.wrt !== undefined && opts.wrt.length !== 1) throw new UsageError(`derivative: --wrt takes one variable, got ${opts.wrt.join(", ")}; use grad or jacobian for several`);
      const wrt = opts.wrt?.[0] ?? (variables.length === 1 ? variables[0]! : undefined);
      if (wrt === undefined)
        throw new UsageError(
          variables.length === 0
            ? "derivative: the expression has no variables"
            : `derivative: the expression has ${variables.length} variables (${variables.join(", ")}); choose one with --wrt, or use grad`,
        );
      const k = variables.indexOf(wrt);
      if (k < 0) throw new UsageError(`--wrt: the expression has no variable '${wrt}' (its variables: ${variables.join(", ")})`);
      if (point.values[k]!.size !== 1) throw new UsageError(`derivative: ${wrt} has ${point.values[k]!.size} elements; use jacobian for vector variables`);
      const flat = flatExpression(point);
      const seed = basisVector(flat.point.size, flat.ranges[k]![0]);
      const [value, derivative] = jvp(flat.fn, [flat.point], [seed]) as [Tensor, Tensor];
      const text =
        opts.format === "json"
          ? JSON.stringify({ expression, at: Object.fromEntries(variables.map((v, i) => [v, point.values[i]!.toArray()])), wrt, value: value.toArray(), derivative: derivative.toArray() }, null, 2)
          : [`${expression.trim()}  at ${describePoint(point)}`, `f = ${valueText(value, opts.digits)}`, `df/d${wrt} = ${valueText(derivative, opts.digits)}`].join("\n");
      emit(io, text, opts.out);
    });
}

