import { InvalidArgumentError, Option } from "commander";

/** `--at name=value,…` (repeatable), the point at which to evaluate. */
export function atOption(): Option {
  return new Option("-a, --at <bindings>", "values of the variables, e.g. x1=2,x2=5 (vectors: x=[1,2,3]; repeatable)")
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .default([] as string[], "none");
}

/** `--digits <n>`: how many digits to print. */
export function digitsOption(description: string, fallback: number): Option {
  return new Option("-d, --digits <n>", description)
    .argParser((value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 17) throw new InvalidArgumentError("expected an integer from 1 to 17.");
      return n;
    })
    .default(fallback);
}

/** `--format <format>` among `choices`. */
export function formatOption(choices: readonly string[]): Option {
  return new Option("-f, --format <format>", "output format").choices(choices).default(choices[0]);
}

/** `--out <file>`: write to a file instead of standard output. */
export function outOption(): Option {
  return new Option("-o, --out <file>", "write the output to a file instead of standard output");
}

/** `--wrt <variables>`: comma-separated variable names. */
export function wrtOption(description: string): Option {
  return new Option("-w, --wrt <variables>", description).argParser((value: string) =>
    value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );
}

/** The options every math command receives. */
export interface CommonOptions {
  at: string[];
  digits: number;
  format: string;
  out?: string;
  wrt?: string[];
}
