// jacfwd, jacrev, jacobian and hessian are one vmap over a standard basis (src/transforms/jacobian.ts):
// they must equal the old loop implementation (one JVP per input element, one pullback per output
// element; kept as a test-only oracle in jacobian-loop-oracle.ts) on the random expression graphs of
// the property suite and on linear-algebra functions, keep every output structure, and be one
// batched pass (their traces do not grow with the number of basis vectors).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add, hessian, jacfwd, jacobian, jacrev, linalg, matmul, mul, random, sin, sparseJacobian, sum, tanh, tensor, trace, transpose, type Tensor,
} from "../../src/index.js";
import { loopJacfwd, loopJacrev } from "./jacobian-loop-oracle.js";
import { maxMagnitude, programArb, type Program } from "../properties/random-programs.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);
const settings = (numRuns: number): fc.Parameters<[Program]> => ({ seed: SEED, numRuns });

const flat = (t: Tensor): number[] => Array.from(t.data(), Number);

/** Same shape and |a − b| ≤ 1e-12·(1 + max|b|) elementwise (vmapped kernels may sum in another order). */
function expectSame(what: string, a: Tensor, b: Tensor): void {
  if (a.shape.join() !== b.shape.join()) throw new Error(`${what}: shape [${a.shape}] vs [${b.shape}]`);
  const x = flat(a);
  const y = flat(b);
  const scale = 1 + Math.max(0, ...y.map(Math.abs));
  x.forEach((v, i) => {
    if (!(Math.abs(v - y[i]!) <= 1e-12 * scale)) throw new Error(`${what}: element ${i} is ${v}, the loop gives ${y[i]}`);
  });
}

const weights = (shape: readonly number[]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => Math.cos(1 + 1.3 * i)), { dtype: "float64", shape: shape.slice() });
};

const f64 = (rows: number[][]): Tensor => tensor(rows, { dtype: "float64" });

describe("jacfwd/jacrev/hessian on vmap = the loop implementation", () => {
  it("random expression graphs: every input differentiated, jacfwd, jacrev and jacobian (both modes)", () => {
    fc.assert(
      fc.property(programArb(), (p) => {
        fc.pre(maxMagnitude(p) <= 1e3);
        const xs = p.inputs();
        const f = (...ys: Tensor[]) => p.run(ys);
        const argnums = xs.map((_, i) => i);
        const fwdLoop = loopJacfwd((ys) => [p.run(ys)], xs)[0]!;
        const revLoop = loopJacrev((ys) => [p.run(ys)], xs)[0]!;
        const jf = jacfwd(f, { argnums })(...xs) as unknown as Tensor[];
        const jr = jacrev(f, { argnums })(...xs) as unknown as Tensor[];
        const jaf = jacobian(f, { argnums, mode: "forward" })(...xs) as unknown as Tensor[];
        const jar = jacobian(f, { argnums, mode: "reverse" })(...xs) as unknown as Tensor[];
        xs.forEach((_, i) => {
          expectSame(`jacfwd for x${i}`, jf[i]!, fwdLoop[i]!);
          expectSame(`jacrev for x${i}`, jr[i]!, revLoop[i]!);
          expectSame(`jacobian forward for x${i}`, jaf[i]!, fwdLoop[i]!);
          expectSame(`jacobian reverse for x${i}`, jar[i]!, revLoop[i]!);
        });
      }),
      settings(40),
    );
  });

  it("random expression graphs: hessian (vmapped jacfwd of vmapped jacrev) = loop jacfwd of loop jacrev, per argument pair", () => {
    fc.assert(
      fc.property(programArb(5), (p) => {
        fc.pre(maxMagnitude(p) <= 1e3);
        const xs = p.inputs();
        const w = weights(p.outputShape);
        const loss = (...ys: Tensor[]) => sum(mul(p.run(ys), w));
        const argnums = xs.map((_, i) => i);
        const H = hessian(loss, { argnums })(...xs) as unknown as Tensor[][];
        const loop = loopJacfwd((ys) => loopJacrev((zs) => [loss(...zs)], ys)[0]!, xs);
        xs.forEach((_, i) => xs.forEach((__, j) => expectSame(`hessian block [${i}][${j}]`, H[i]![j]!, loop[i]![j]!)));
      }),
      settings(25),
    );
  });

  it("linear-algebra functions: solve, inv, det, slogdet, cholesky, qr, eigh, svd", () => {
    const A = f64([[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]);
    const b = f64([[1, -1], [2, 0.5], [0.3, 1]]);
    const spd = (x: Tensor) => add(matmul(x, transpose(x)), A);
    const cases: [string, (x: Tensor) => Tensor][] = [
      ["solve", (x) => linalg.solve(add(A, mul(x, 0.1)), b)],
      ["inv", (x) => linalg.inv(add(A, x))],
      ["det", (x) => linalg.det(add(A, x))],
      ["slogdet", (x) => linalg.slogdet(add(A, x)).logAbsDet],
      ["cholesky", (x) => linalg.cholesky(spd(x))],
      ["qr", (x) => linalg.qr(add(A, x)).R],
      ["eigh", (x) => linalg.eigh(spd(x)).eigenvalues],
      ["svd", (x) => linalg.svd(add(A, x)).S],
    ];
    const x = f64([[0.3, -0.2, 0.1], [0.05, 0.4, -0.3], [0.2, 0.1, 0.25]]);
    for (const [name, g] of cases) {
      expectSame(`jacfwd of ${name}`, jacfwd(g)(x), loopJacfwd(([y]) => [g(y!)], [x])[0]![0]!);
      expectSame(`jacrev of ${name}`, jacrev(g)(x), loopJacrev(([y]) => [g(y!)], [x])[0]![0]!);
      const loss = (y: Tensor) => sum(mul(g(y), weights(g(x).shape)));
      expectSame(`hessian of ${name}`, hessian(loss)(x), loopJacfwd(([y]) => loopJacrev(([z]) => [loss(z!)], [y!])[0]!, [x])[0]![0]!);
    }
  });

  it("trees and several outputs keep their structure and shapes", () => {
    const f = (p: { w: Tensor; b: Tensor }, x: Tensor) => ({ y: tanh(add(matmul(p.w, x), p.b)), s: [sum(mul(x, x)), sin(p.b)] });
    const params = { w: f64([[0.5, -1], [0.25, 2], [1, 0]]), b: tensor([0.1, 0.2, -0.3], { dtype: "float64" }) };
    const x = tensor([1, -0.5], { dtype: "float64" });
    const flatF = ([w, b, xx]: Tensor[]) => {
      const o = f({ w: w!, b: b! }, xx!);
      return [o.y, o.s[0]!, o.s[1]!];
    };
    const xs = [params.w, params.b, x];
    for (const [name, jac, loop] of [["jacfwd", jacfwd, loopJacfwd], ["jacrev", jacrev, loopJacrev]] as const) {
      const J = jac(f, { argnums: [0, 1] })(params, x);
      const L = loop(flatF, xs);
      const outs = [J.y, J.s[0], J.s[1]];
      outs.forEach((o, k) => {
        expectSame(`${name} output ${k} w.r.t. w`, o[0].w, L[k]![0]!);
        expectSame(`${name} output ${k} w.r.t. b`, o[0].b, L[k]![1]!);
        expectSame(`${name} output ${k} w.r.t. x`, o[1], L[k]![2]!);
      });
    }
  });

  it("functions that draw random numbers from a fixed key: the basis lanes share one draw (as the loop did)", () => {
    const k = random.key(7);
    const f = (x: Tensor) => mul(sin(x), random.normal(k, [4], { dtype: "float64" }));
    const s = (x: Tensor) => sum(mul(f(x), x));
    const x = tensor([0.3, -0.7, 1.1, 0.2], { dtype: "float64" });
    expectSame("jacfwd", jacfwd(f)(x), loopJacfwd(([y]) => [f(y!)], [x])[0]![0]!);
    expectSame("jacrev", jacrev(f)(x), loopJacrev(([y]) => [f(y!)], [x])[0]![0]!);
    expectSame("hessian", hessian(s)(x), loopJacfwd(([y]) => loopJacrev(([z]) => [s(z!)], [y!])[0]!, [x])[0]![0]!);
    expectSame("sparseJacobian", sparseJacobian(f)(x).toDense(), jacfwd(f)(x));
  });

  it("is one batched pass: the traced Jacobian has as many operations for 8 basis vectors as for 2", () => {
    const g = (x: Tensor) => tanh(mul(sin(x), 2));
    const ops = (jac: typeof jacfwd, n: number) => trace((x: Tensor) => jac(g)(x), tensor(Array.from({ length: n }, (_, i) => i / n), { dtype: "float64" })).equations.length;
    expect(ops(jacfwd, 8)).toBe(ops(jacfwd, 2));
    expect(ops(jacrev, 8)).toBe(ops(jacrev, 2));
  });
});
