// Property tests over random expression graphs (see random-programs.ts): forward mode = reverse mode
// = central finite differences; jacfwd = jacrev; the Hessian is symmetric, equals jacrev(jacrev(f))
// and finite differences of the gradient; hvp = H·v. Seeded; a failure prints the shrunk program.
// Explore further with FC_SEED=<n> (another seed) and FC_RUNS=<k> (k times the runs).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grad, hessian, hvp, jacfwd, jacrev, jvp, mul, pow, scalar, sum, tensor, vjp, type Tensor } from "../../src/index.js";
import { randomStream } from "../../src/core/random.js";
import { randomLike } from "../../src/testing/sample-args.js";
import { maxMagnitude, programArb, type Program } from "./random-programs.js";

const SEED = Number(process.env.FC_SEED ?? 20250611);
const RUNS = Number(process.env.FC_RUNS ?? 1);
const settings = (numRuns: number): fc.Parameters<[Program]> => ({ seed: SEED, numRuns: Math.round(numRuns * RUNS) });

/** Values stay moderate, so finite-difference rounding error (≈ u·|f|/ε) is far below the tolerances. */
const MAX_MAGNITUDE = 1e3;

const flat = (t: Tensor): number[] => Array.from(t.data(), Number);
const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Fixed, uneven output weights: a scalar loss ⟨w, f⟩ whose cotangent does not hide transposition mistakes. */
function weightsFor(shape: readonly number[]): Tensor {
  return tensor(Array.from({ length: size(shape) }, (_, i) => Math.cos(1 + 1.3 * i)), { dtype: "float64", shape: shape.slice() });
}

/** |a − b| ≤ tol·(1 + max|b|) elementwise, else an error naming the check and the worst element. */
function assertClose(what: string, a: readonly number[], b: readonly number[], tol: number): void {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} elements vs ${b.length}`);
  const scale = 1 + Math.max(0, ...b.map(Math.abs));
  let worst = -1;
  let worstErr = 0;
  a.forEach((x, i) => {
    const err = Math.abs(x - b[i]!);
    if (!(err <= tol * scale) && !(err <= worstErr)) {
      worst = i;
      worstErr = Number.isNaN(err) ? Infinity : err;
    }
  });
  if (worst >= 0)
    throw new Error(`${what}: element ${worst} is ${a[worst]} vs ${b[worst]} (|error| ${worstErr.toExponential(3)} > ${tol} · ${scale.toPrecision(4)})`);
}

/**
 * Central differences with the five-point stencil, (−g(2h) + 8g(h) − 8g(−h) + g(−2h)) / 12h: error
 * O(h⁴·g⁽⁵⁾) + O(u·|g|/h), robust for the fast oscillations that compositions like cos((1 + x²)³) make.
 */
function centralDifference(g: (step: number) => number[], h: number): number[] {
  const [p2, p1, m1, m2] = [g(2 * h), g(h), g(-h), g(-2 * h)];
  return p1.map((_, k) => (-p2[k]! + 8 * p1[k]! - 8 * m1[k]! + m2[k]!) / (12 * h));
}

/** Finite differences: the Jacobian of the program with respect to input i, as [out][k] row-major. */
function fdJacobian(p: Program, xs: readonly Tensor[], i: number, h = 1e-5): number[] {
  const outSize = size(p.outputShape);
  const n = xs[i]!.size;
  const J = new Array<number>(outSize * n).fill(0);
  const base = flat(xs[i]!);
  for (let k = 0; k < n; k++) {
    const at = (step: number): number[] => {
      const d = base.slice();
      d[k]! += step;
      const ys = xs.slice();
      ys[i] = tensor(d, { dtype: "float64", shape: xs[i]!.shape.slice() });
      return flat(p.run(ys));
    };
    centralDifference(at, h).forEach((d, o) => (J[o * n + k] = d));
  }
  return J;
}

/** J·u for a row-major [rows × cols] matrix. */
const matVec = (J: readonly number[], u: readonly number[], rows: number): number[] =>
  Array.from({ length: rows }, (_, r) => u.reduce((s, x, c) => s + J[r * u.length + c]! * x, 0));

/** Jᵀ·w for a row-major [rows × cols] matrix. */
const matTVec = (J: readonly number[], w: readonly number[], cols: number): number[] =>
  Array.from({ length: cols }, (_, c) => w.reduce((s, x, r) => s + J[r * cols + c]! * x, 0));

const argnumsOf = (p: Program): number[] => p.inputShapes.map((_, i) => i);

/** Inputs for a property run, or null (the run is skipped) when the program's values get extreme. */
function moderate(p: Program): boolean {
  return maxMagnitude(p) <= MAX_MAGNITUDE;
}

describe("random expression graphs", () => {
  it("forward mode (jvp) = reverse mode (vjp, grad) = central finite differences", () => {
    fc.assert(
      fc.property(programArb(), (p) => {
        fc.pre(moderate(p));
        const xs = p.inputs();
        const f = (...ys: Tensor[]) => p.run(ys);
        const outSize = size(p.outputShape);
        const fd = xs.map((_, i) => fdJacobian(p, xs, i));
        const rng = randomStream(1);
        const us = xs.map((x) => randomLike(x, rng));
        const w = weightsFor(p.outputShape);

        // Forward: J·u summed over the inputs.
        const [out, tangent] = jvp(f, xs, us) as [Tensor, Tensor];
        assertClose("jvp primal output vs f", flat(out), flat(p.run(xs)), 1e-12);
        const expectedTangent = new Array<number>(outSize).fill(0);
        fd.forEach((J, i) => matVec(J, flat(us[i]!), outSize).forEach((v, o) => (expectedTangent[o]! += v)));
        assertClose("jvp vs finite differences", flat(tangent), expectedTangent, 1e-6);

        // Reverse: Jᵀ·w per input, from vjp and from grad of ⟨w, f⟩.
        const [, pullback] = vjp(f, ...xs);
        const cts = pullback(w) as Tensor[];
        const grads = grad((...ys: Tensor[]) => sum(mul(f(...ys), w)), { argnums: argnumsOf(p) })(...xs) as Tensor[];
        fd.forEach((J, i) => {
          const expected = matTVec(J, flat(w), xs[i]!.size);
          assertClose(`vjp for x${i} vs finite differences`, flat(cts[i]!), expected, 1e-6);
          assertClose(`grad for x${i} vs finite differences`, flat(grads[i]!), expected, 1e-6);
          assertClose(`grad for x${i} vs vjp`, flat(grads[i]!), flat(cts[i]!), 1e-12);
        });
      }),
      settings(60),
    );
  });

  it("jacfwd = jacrev (and both match finite differences), with every input differentiated", () => {
    fc.assert(
      fc.property(programArb(), (p) => {
        fc.pre(moderate(p));
        const xs = p.inputs();
        const f = (...ys: Tensor[]) => p.run(ys);
        const argnums = argnumsOf(p);
        const jf = jacfwd(f, { argnums })(...xs) as unknown as Tensor[];
        const jr = jacrev(f, { argnums })(...xs) as unknown as Tensor[];
        xs.forEach((x, i) => {
          const shape = [...p.outputShape, ...x.shape];
          if (jf[i]!.shape.join() !== shape.join() || jr[i]!.shape.join() !== shape.join())
            throw new Error(`Jacobian for x${i}: shapes [${jf[i]!.shape}] (jacfwd), [${jr[i]!.shape}] (jacrev), expected [${shape}]`);
          assertClose(`jacfwd vs jacrev for x${i}`, flat(jf[i]!), flat(jr[i]!), 1e-10);
          assertClose(`jacfwd vs finite differences for x${i}`, flat(jf[i]!), fdJacobian(p, xs, i), 1e-6);
        });
      }),
      settings(60),
    );
  });

  it("hessian is symmetric, equals jacrev(jacrev(f)) and finite differences of grad, and nests per argument", () => {
    fc.assert(
      fc.property(programArb(5), (p) => {
        fc.pre(moderate(p));
        const w = weightsFor(p.outputShape);
        const loss = (v: Tensor) => sum(mul(p.runFlat(v), w));
        const v = p.flatInput();
        const n = v.size;
        const H = hessian(loss)(v);
        if (H.shape.join() !== [n, n].join()) throw new Error(`hessian has shape [${H.shape}], expected [${n}, ${n}]`);
        const h = flat(H);
        const transposed = h.map((_, k) => h[(k % n) * n + Math.floor(k / n)]!);
        assertClose("hessian vs its transpose", h, transposed, 1e-10);
        assertClose("hessian vs jacrev(jacrev(f))", h, flat(jacrev(jacrev(loss))(v)), 1e-10);

        // Column k: central differences of the gradient along e_k.
        const g = grad(loss);
        const base = flat(v);
        const fdH = new Array<number>(n * n).fill(0);
        for (let k = 0; k < n; k++) {
          const shifted = (s: number) => flat(g(tensor(base.map((x, i) => (i === k ? x + s : x)), { dtype: "float64" })) as Tensor);
          centralDifference(shifted, 1e-5).forEach((d, r) => (fdH[r * n + k] = d));
        }
        assertClose("hessian vs finite differences of grad", h, fdH, 1e-6);

        // With an array argnums, H[i][j] is the block of the flat Hessian for inputs i and j.
        const xs = p.inputs();
        const lossMulti = (...ys: Tensor[]) => sum(mul(p.run(ys), w));
        const nested = hessian(lossMulti, { argnums: argnumsOf(p) })(...xs) as unknown as Tensor[][];
        const offsets = xs.map((_, i) => xs.slice(0, i).reduce((s, x) => s + x.size, 0));
        xs.forEach((xi, i) =>
          xs.forEach((xj, j) => {
            const block = nested[i]![j]!;
            if (block.shape.join() !== [...xi.shape, ...xj.shape].join())
              throw new Error(`hessian block [${i}][${j}] has shape [${block.shape}], expected [${[...xi.shape, ...xj.shape]}]`);
            const expected = Array.from({ length: xi.size * xj.size }, (_, k) =>
              h[(offsets[i]! + Math.floor(k / xj.size)) * n + offsets[j]! + (k % xj.size)]!);
            assertClose(`hessian block [${i}][${j}] vs the flat hessian`, flat(block), expected, 1e-10);
          }),
        );
      }),
      settings(40),
    );
  });

  it("hvp equals H·v, for one flat input and for several inputs", () => {
    fc.assert(
      fc.property(programArb(5), (p) => {
        fc.pre(moderate(p));
        const w = weightsFor(p.outputShape);
        const loss = (v: Tensor) => sum(mul(p.runFlat(v), w));
        const v = p.flatInput();
        const n = v.size;
        const h = flat(hessian(loss)(v));
        const rng = randomStream(2);
        const u = randomLike(v, rng);
        const [hv] = hvp(loss, [v], [u]);
        const expected = matVec(h, flat(u), n);
        assertClose("hvp vs H·v", flat(hv!), expected, 1e-10);

        // The same product with the inputs passed separately: the result mirrors the primals.
        const xs = p.inputs();
        const us: Tensor[] = [];
        let offset = 0;
        for (const x of xs) {
          us.push(tensor(flat(u).slice(offset, offset + x.size), { dtype: "float64", shape: x.shape.slice() }));
          offset += x.size;
        }
        const parts = hvp((...ys: Tensor[]) => sum(mul(p.run(ys), w)), xs, us);
        offset = 0;
        xs.forEach((x, i) => {
          if (parts[i]!.shape.join() !== x.shape.join()) throw new Error(`hvp part ${i} has shape [${parts[i]!.shape}], expected [${x.shape}]`);
          assertClose(`hvp part ${i} vs H·v`, flat(parts[i]!), expected.slice(offset, offset + x.size), 1e-10);
          offset += x.size;
        });
      }),
      settings(40),
    );
  });
});

describe("regressions found by the properties above", () => {
  it("the Hessian of a^b is symmetric at b = 0: ∂²/∂a∂b = ∂²/∂b∂a = 1/a (seed 8 once shrank to pow(1 + x1², x0) at x0 = 0)", () => {
    const f = (a: Tensor, b: Tensor) => pow(a, b);
    const H = hessian(f, { argnums: [0, 1] })(scalar(2, "float64"), scalar(0, "float64")) as unknown as Tensor[][];
    expect(H[0]![1]!.item()).toBeCloseTo(0.5, 14);
    expect(H[1]![0]!.item()).toBeCloseTo(0.5, 14);
    expect(H[1]![1]!.item()).toBeCloseTo(Math.log(2) ** 2, 14);
    // The guard that keeps 0·0⁻¹ out of the first partial still holds at a = b = 0.
    const g = grad(f, { argnums: [0, 1] })(scalar(0, "float64"), scalar(0, "float64")) as Tensor[];
    expect(g.map((t) => t.item())).toEqual([0, 0]);
  });
});
