import type { Command } from "commander";
import { reshape, slice, valueAndGrad, type Tensor } from "../../index.js";
import { emit, type CliIO } from "../cli-io.js";
import { atOption, digitsOption, formatOption, outOption, wrtOption, type CommonOptions } from "../common-options.js";
import { describePoint, expressionAtPoint, flatExpression, valueText } from "../expression-at-point.js";
import { pointJSON, requireScalar } from "../scalar-output.js";
import { UsageError } from "../usage-error.js";

const EXAMPLES = `
Examples:
  $ wengert grad "ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5
  $ wengert grad "x^2 + x*y" --at x=1,y=2 --wrt x
  $ wengert grad "sum(x^2)" --at "x=[1,2,3]" --format json`;

/** Registers `wengert grad`: the gradient of a scalar expression (reverse mode, one sweep). */
export function registerGrad(program: Command, io: CliIO): void {
  program
    .command("grad")
    .summary("the gradient of a scalar expression (reverse mode)")
    .description("Evaluates a scalar expression and its gradient with respect to every variable (or the --wrt ones) in one reverse-mode sweep.")
    .argument("<expression>", 'scalar math expression, e.g. "x^2 + x*y"')
    .addOption(atOption())
    .addOption(wrtOption("variables to differentiate with respect to (default: all)"))
    .addOption(formatOption(["text", "json"]))
    .addOption(digitsOption("significant digits of the printed values", 10))
    .addOption(outOption())
    .addHelpText("after", EXAMPLES)
    .action((expression: string, opts: CommonOptions) => {
      const point = expressionAtPoint(expression, opts.at);
      const { variables } = point.parsed;
      const wrt = opts.wrt ?? variables;
      for (const w of wrt) if (!variables.includes(w)) throw new UsageError(`--wrt: the expression has no variable '${w}' (its variables: ${variables.join(", ") || "none"})`);
      requireScalar(point.parsed.fn(...point.values), "grad");
      const flat = flatExpression(point);
      const [value, g] = valueAndGrad(flat.fn)(flat.point) as [Tensor, Tensor];
      const parts = wrt.map((w) => {
        const i = variables.indexOf(w);
        const [from, to] = flat.ranges[i]!;
        return [w, reshape(slice(g, [from], [to - from]), [...point.values[i]!.shape])] as const;
      });
      const text =
        opts.format === "json"
          ? JSON.stringify({ expression, at: pointJSON(variables, point.values), value: value.toArray(), gradient: Object.fromEntries(parts.map(([w, t]) => [w, t.toArray()])) }, null, 2)
          : [`${expression.trim()}  at ${describePoint(point)}`, `f = ${valueText(value, opts.digits)}`, ...parts.map(([w, t]) => `∂f/∂${w} = ${valueText(t, opts.digits)}`)].join("\n");
      emit(io, text, opts.out);
    });
}
