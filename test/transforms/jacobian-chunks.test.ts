// jacfwd/jacrev/jacobian/hessian with `chunkSize` (PyTorch's chunk_size): the standard basis is
// evaluated that many lanes per vmap, and every chunk size (1, 2, n − 1, n, > n) gives the same
// Jacobian as the default (all lanes at once), on trees, two argnums and several outputs.
import { describe, expect, it } from "vitest";
import {
  add, ArgumentError, hessian, jacfwd, jacobian, jacrev, matmul, mul, pow, sin, sum, tanh, tensor, type Tensor,
} from "../../src/index.js";

const f64 = (xs: number[] | number[][]): Tensor => tensor(xs, { dtype: "float64" });

/** The leaf tensors of a nested result (arrays and plain objects), depth first in key order. */
function leaves(v: unknown): Tensor[] {
  if (Array.isArray(v)) return v.flatMap(leaves);
  if (v !== null && typeof v === "object" && !("shape" in v)) return Object.values(v).flatMap(leaves);
  return [v as Tensor];
}

/** Same structure, shapes and |a − b| ≤ 1e-12·(1 + max|b|) elementwise. */
function expectSameTree(what: string, a: unknown, b: unknown): void {
  const xs = leaves(a);
  const ys = leaves(b);
  expect(xs.length, what).toBe(ys.length);
  xs.forEach((x, i) => {
    expect(x.shape, `${what} leaf ${i}`).toEqual(ys[i]!.shape);
    const u = Array.from(x.data(), Number);
    const v = Array.from(ys[i]!.data(), Number);
    const scale = 1 + Math.max(0, ...v.map(Math.abs));
    u.forEach((e, k) => expect(Math.abs(e - v[k]!), `${what} leaf ${i} element ${k}`).toBeLessThanOrEqual(1e-12 * scale));
  });
}

/** Chunk sizes 1, 2, n − 1, n and n + 3 (deduplicated, ≥ 1). */
const sizesFor = (n: number): number[] => [...new Set([1, 2, n - 1, n, n + 3])].filter((c) => c >= 1);

const params = { w: f64([[0.5, -1], [0.25, 2], [1, 0]]), b: f64([0.1, 0.2, -0.3]) };
const x = f64([1, -0.5]);
/** Trees in and out, two outputs of different shapes: 6 + 3 + 2 = 11 inputs, 3 + 1 + 3 = 7 outputs. */
const net = (p: { w: Tensor; b: Tensor }, xx: Tensor) => ({ y: tanh(add(matmul(p.w, xx), p.b)), s: [sum(mul(xx, xx)), sin(p.b)] });

describe("chunkSize", () => {
  it("jacfwd, jacrev and jacobian (both modes) equal the default for every chunk size: one argument", () => {
    const v = f64([0.3, -1.2, 0.7, 2.1, 0.05]);
    const g = (y: Tensor) => mul(sin(y), sum(mul(y, y)));
    for (const [name, jac] of [["jacfwd", jacfwd], ["jacrev", jacrev]] as const) {
      const want = jac(g)(v);
      for (const c of sizesFor(5)) expectSameTree(`${name} chunkSize ${c}`, jac(g, { chunkSize: c })(v), want);
    }
    for (const mode of ["forward", "reverse", "auto"] as const) {
      const want = jacobian(g, { mode })(v);
      for (const c of sizesFor(5)) expectSameTree(`jacobian ${mode} chunkSize ${c}`, jacobian(g, { mode, chunkSize: c })(v), want);
    }
  });

  it("trees, two argnums and several outputs: same structure and values for every chunk size", () => {
    for (const [name, jac, n] of [["jacfwd", jacfwd, 11], ["jacrev", jacrev, 7]] as const) {
      const want = jac(net, { argnums: [0, 1] })(params, x);
      for (const c of sizesFor(n)) {
        const got = jac(net, { argnums: [0, 1], chunkSize: c })(params, x);
        expect(Object.keys(got).sort()).toEqual(["s", "y"]);
        expectSameTree(`${name} chunkSize ${c}`, got, want);
      }
    }
    const want = jacobian(net, { argnums: 0 })(params, x);
    for (const c of sizesFor(7)) expectSameTree(`jacobian chunkSize ${c}`, jacobian(net, { argnums: 0, chunkSize: c })(params, x), want);
  });

  it("jacfwd evaluates one batched pass per chunk: ⌈n / chunkSize⌉ calls of f", () => {
    const v = f64([0.3, -1.2, 0.7, 2.1, 0.05]);
    for (const [c, passes] of [[undefined, 1], [1, 5], [2, 3], [4, 2], [5, 1], [8, 1]] as const) {
      let calls = 0;
      const g = (y: Tensor) => {
        calls++;
        return sin(y);
      };
      jacfwd(g, c === undefined ? {} : { chunkSize: c })(v);
      expect(calls, `chunkSize ${c}`).toBe(passes);
    }
  });

  it("hessian passes chunkSize to both levels and equals the default (one argument and two argnums)", () => {
    const v = f64([0.3, -1.2, 0.7, 2.1]);
    const s = (y: Tensor) => sum(mul(pow(y, 3), sin(y)));
    const want = hessian(s)(v);
    for (const c of sizesFor(4)) expectSameTree(`hessian chunkSize ${c}`, hessian(s, { chunkSize: c })(v), want);
    const loss = (p: { w: Tensor; b: Tensor }, xx: Tensor) => {
      const o = net(p, xx);
      return add(sum(mul(o.y, o.y)), add(o.s[0]!, sum(o.s[1]!)));
    };
    const wantTree = hessian(loss, { argnums: [0, 1] })(params, x);
    for (const c of sizesFor(11)) expectSameTree(`hessian tree chunkSize ${c}`, hessian(loss, { argnums: [0, 1], chunkSize: c })(params, x), wantTree);
  });

  it("rejects chunkSize that is not a positive integer, and with mode \"eliminate\", naming the function and option", () => {
    const g = (y: Tensor) => sin(y);
    const untyped = { jacfwd, jacrev, jacobian, hessian } as unknown as Record<string, (f: unknown, o: unknown) => unknown>;
    for (const name of ["jacfwd", "jacrev", "jacobian", "hessian"]) {
      for (const bad of [0, -1, 1.5, Number.NaN, Infinity, "2", null]) {
        expect(() => untyped[name]!(g, { chunkSize: bad }), `${name} ${String(bad)}`).toThrow(ArgumentError);
        expect(() => untyped[name]!(g, { chunkSize: bad })).toThrow(new RegExp(`^${name}: options\\.chunkSize must be an integer ≥ 1`));
      }
    }
    expect(() => jacobian(g, { mode: "eliminate", chunkSize: 2 })).toThrow(ArgumentError);
    expect(() => jacobian(g, { mode: "eliminate", chunkSize: 2 })).toThrow(/^jacobian: options\.chunkSize must be absent with mode "eliminate"/);
    expect(() => untyped.hessian!(g, { mode: "forward" })).toThrow(/^hessian: options must have keys among argnums, chunkSize/);
  });
});
