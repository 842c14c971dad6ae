import type { Command } from "commander";
import { ones, zeros, type Tensor } from "../../index.js";
import { forwardTable } from "../../trace/forward-table.js";
import { markName } from "../../trace/notation.js";
import { reverseTable } from "../../trace/reverse-table.js";
import { markdownColumns } from "../../trace/text-table.js";
import { rowText } from "../../trace/trace-row.js";
import { emit, type CliIO } from "../cli-io.js";
import { atOption, digitsOption, formatOption, outOption, wrtOption, type CommonOptions } from "../common-options.js";
import { describePoint, expressionAtPoint } from "../expression-at-point.js";
import { UsageError } from "../usage-error.js";

const EXAMPLES = `
Examples:
  $ wengert trace "ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5
  $ wengert trace "x*y + sin(x)" --at x=1,y=2 --wrt y --format markdown
  $ wengert trace "tanh(w*x + b)" --at w=0.5,x=2,b=0.1 --format svg --out graph.svg
  $ wengert trace "sum(x^2)" --at "x=[1,2,3]" --format json`;

/** The variables seeded with ẋ = 1 (the rest get 0): `--wrt`, or the first variable. */
function seededVariables(variables: readonly string[], wrt: readonly string[] | undefined): string[] {
  if (wrt === undefined) return variables.slice(0, 1);
  for (const w of wrt)
    if (!variables.includes(w)) throw new UsageError(`--wrt: the expression has no variable '${w}' (its variables: ${variables.join(", ") || "none"})`);
  return [...wrt];
}

function column(header: string, lines: readonly string[]): string {
  return [header, "─".repeat(Math.max(header.length, ...lines.map((l) => [...l].length))), ...lines].join("\n");
}

/** Registers `wengert trace`: the three evaluation tables (primal; primal + tangent; primal + adjoint) for an expression. */
export function registerTrace(program: Command, io: CliIO): void {
  program
    .command("trace")
    .summary("print the forward primal, tangent and adjoint traces (Wengert lists) of an expression")
    .description(
      "Prints the evaluation trace of the expression at a point in Griewank–Walther notation, then the\n" +
        "forward-mode table (tangents, seeded with ẋ = 1 for the --wrt variables) and the reverse-mode\n" +
        "table (adjoints, seeded with ȳ = 1), laid out as in Griewank & Walther's textbook tables.",
    )
    .argument("<expression>", 'math expression, e.g. "ln(x1) + x1*x2 - sin(x2)" (start with a space if it begins with -)')
    .addOption(atOption())
    .addOption(wrtOption("variables whose tangent is seeded with 1 (default: the first variable)"))
    .addOption(formatOption(["text", "markdown", "json", "dot", "mermaid", "svg"]))
    .addOption(digitsOption("decimals of the printed values", 3))
    .addOption(outOption())
    .addHelpText("after", EXAMPLES)
    .action(async (expression: string, opts: CommonOptions) => {
      const point = expressionAtPoint(expression, opts.at);
      const { variables } = point.parsed;
      const seeded = seededVariables(variables, opts.wrt);
      const tangents: Tensor[] = point.values.map((v, i) => (seeded.includes(variables[i]!) ? ones([...v.shape], { dtype: "float64" }) : zeros([...v.shape], { dtype: "float64" })));
      const tableOpts = { names: variables, digits: opts.digits };
      const forward = forwardTable(point.parsed.fn, point.values, tangents, tableOpts);
      const reverse = reverseTable(point.parsed.fn, point.values, undefined, tableOpts);
      const program = forward.program;
      const outBar = markName(program.outputNames[0] ?? "y", "bar");
      const seedText = variables.map((v) => `${markName(v, "dot")} = ${seeded.includes(v) ? 1 : 0}`).join(", ") || "no inputs";
      const title = `${expression.trim()}${variables.length > 0 ? `  at ${describePoint(point)}` : ""}`;
      const primalLines = forward.primal.map((r) => rowText(r, opts.digits, true));
      let text: string;
      switch (opts.format) {
        case "text":
          text = [title, "", column("Forward primal trace", primalLines), "", `Forward mode, seed ${seedText}:`, forward.toString(), "", `Reverse mode, seed ${outBar} = 1 (the adjoint trace runs upwards):`, reverse.toString()].join("\n");
          break;
        case "markdown":
          text = [
            `**${title}**`,
            "",
            "### Forward primal trace",
            "",
            markdownColumns(["Forward primal trace"], primalLines),
            "",
            `### Forward mode (seed ${seedText})`,
            "",
            forward.toMarkdown(),
            "",
            `### Reverse mode (seed ${outBar} = 1; the adjoint trace runs upwards)`,
            "",
            reverse.toMarkdown(),
          ].join("\n");
          break;
        case "json":
          text = JSON.stringify(
            {
              expression,
              variables,
              at: Object.fromEntries(variables.map((v, i) => [v, point.values[i]!.toArray()])),
              wrt: seeded,
              value: (forward.outputs as Tensor).toArray(),
              tangent: (forward.outputTangents as Tensor).toArray(),
              gradient: Object.fromEntries(variables.map((v, i) => [v, (reverse.gradients as Tensor[])[i]!.toArray()])),
              program,
              forward,
              reverse,
            },
            null,
            2,
          );
          break;
        case "dot":
          text = program.toDot({ tangents, cotangent: true, digits: opts.digits });
          break;
        case "mermaid":
          text = program.toMermaid({ tangents, cotangent: true, digits: opts.digits });
          break;
        default:
          text = await program.toSVG({ tangents, cotangent: true, digits: opts.digits });
      }
      emit(io, text, opts.out);
    });
}
