// Property test over random expression graphs (test/properties/random-programs.ts: elementwise math,
// broadcasting, reductions, softmax, gather, pad/slice, matmul, where, checkpoint): the compiled
// function, its compiled gradient and its compiled jvp equal the interpreter's bit for bit, in
// float64 and float32. Seeded; FC_SEED / FC_RUNS as in the other property tests.
import fc from "fast-check";
import { describe, it } from "vitest";
import { cast, grad, jvp, mul, sum, tensor, type Tensor } from "../../src/index.js";
import { compile } from "../../src/compile/compile.js";
import { programArb, type Program } from "../properties/random-programs.js";
import { expectSameBits } from "./same-bits.js";

const SEED = Number(process.env.FC_SEED ?? 20261129);
const RUNS = Number(process.env.FC_RUNS ?? 1);
const settings = (numRuns: number): fc.Parameters<[Program]> => ({ seed: SEED, numRuns: Math.round(numRuns * RUNS) });

/** ⟨w, y⟩ with uneven weights w, so the gradient sees every output element differently. */
function weighted(y: Tensor): Tensor {
  const w = tensor(Array.from({ length: y.size }, (_, i) => Math.cos(1 + 1.3 * i)), { dtype: y.dtype, shape: y.shape.slice() });
  return sum(mul(y, w));
}

describe("compile ≡ interpreter on random programs", () => {
  for (const dtype of ["float64", "float32"] as const)
    it(`values, gradients and jvps (${dtype})`, () => {
      fc.assert(
        fc.property(programArb(), (p) => {
          const xs = p.inputs().map((x) => cast(x, dtype));
          const f = (args: Tensor[]): Tensor => p.run(args);
          expectSameBits(compile(f)(xs), f(xs), `f\n${p}`);
          const g = grad((args: Tensor[]) => weighted(mul(p.run(args), 1.5)));
          expectSameBits(compile(g)(xs), g(xs), `grad\n${p}`);
          const j = (args: Tensor[]) => jvp(f, [args], [args.map((a) => mul(a, 0.25))]);
          expectSameBits(compile(j)(xs), j(xs), `jvp\n${p}`);
        }),
        settings(40),
      );
    });
});
