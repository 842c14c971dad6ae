import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { ArgumentError, AutogradError, data, DTypeError, ShapeError, TransformError } from "../index.js";
import { OptionalDependencyError } from "../core/optional-dependency.js";
import { ExpressionError } from "../trace/expression/expression-error.js";
import { processIO, type CliIO } from "./cli-io.js";
import { registerDerivative } from "./commands/derivative.js";
import { registerEval } from "./commands/eval.js";
import { registerGrad } from "./commands/grad.js";
import { registerHessian } from "./commands/hessian.js";
import { registerJacobian } from "./commands/jacobian.js";
import { registerTrace } from "./commands/trace.js";
import { registerTrain } from "./commands/train.js";
import { prepareOutputPath } from "./output-path.js";
import { UsageError } from "./usage-error.js";

const EXAMPLES = `
Examples:
  $ wengert trace "ln(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5
  $ wengert derivative "x^3 - 2*x" --at x=2
  $ wengert grad "x^2 + x*y" --at x=1,y=2
  $ wengert jacobian "[x*y, sin(x), x+y]" --at x=2,y=3
  $ wengert hessian "x^2*y + y^3" --at x=1,y=2
  $ wengert train --model mlp --epochs 5 --save mlp.safetensors
  $ wengert eval --model mlp --load mlp.safetensors

Expressions: + - * / ^ (also ** × · − ÷), unary minus, parentheses, the library's ops by name
(sin, exp, ln = log, sqrt, tanh, sigmoid, atan2, maximum, sum, max, norm, dot, softmax, …),
constants pi and e, vectors [a, b, c] and indexing x[0]. An expression that starts with '-'
needs a space first: " -x^2". Bad input exits with code 2 and a one-line message.`;

/**
 * Errors that mean the input was wrong (exit code 2), as opposed to a bug (exit code 1).
 * NOTE: RangeError stays for the one the library raises on purpose: a tensor too large to allocate.
 */
const INPUT_ERRORS = [
  UsageError, ExpressionError, ArgumentError, ShapeError, DTypeError, TransformError, AutogradError, data.IdxError, data.GzipError, RangeError, OptionalDependencyError,
];

function isInputError(e: unknown): e is Error {
  return INPUT_ERRORS.some((c) => e instanceof c);
}

function version(): string {
  try {
    return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Commander's error text as one line: `wengert: unknown option '--x'`. */
function oneLine(text: string): string {
  let line = text.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").trim();
  const option = /^unknown option '(-[^-][^']*)'/.exec(line);
  if (option !== null) line += ` (an expression that starts with '-' needs a space first: " ${option[1]}")`;
  return `wengert: ${line}\n`;
}

/** The `wengert` program with its commands (one file each under commands/). */
export function createCli(io: CliIO): Command {
  const program = new Command("wengert")
    .description("Automatic differentiation on the command line: evaluation traces (Wengert lists), derivatives, gradients, Jacobians and Hessians of math expressions; training and evaluating neural networks on Fashion-MNIST.")
    .version(version(), "-V, --version")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(oneLine(text)) })
    .addHelpText("after", EXAMPLES)
    // NOTE: every command's --out is checked (and its folder created) before the command runs.
    .hook("preAction", (_program, command) => {
      const out: unknown = command.opts().out;
      if (typeof out === "string") prepareOutputPath("--out", out);
    });
  registerTrace(program, io);
  registerDerivative(program, io);
  registerGrad(program, io);
  registerJacobian(program, io);
  registerHessian(program, io);
  registerTrain(program, io);
  registerEval(program, io);
  return program;
}

/**
 * Runs the `wengert` command on `argv` (without `node` and the script) and returns the exit
 * code: 0 on success, 2 on bad input (with a one-line message), 1 on an internal error.
 *
 * @example
 * await runCli(["grad", "x^2", "--at", "x=3"]); // prints f = 9, ∂f/∂x = 6; returns 0
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  try {
    await createCli(io).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isInputError(e)) {
      io.stderr(`wengert: ${e.message.split("\n")[0]}\n`);
      return 2;
    }
    io.stderr(`wengert: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
