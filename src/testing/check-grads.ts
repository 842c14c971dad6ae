/**
 * Gradient checking, after JAX's `check_jvp`/`check_vjp`/`check_grads` and autograd's `test_util`:
 * forward mode against central finite differences, reverse mode by the inner-product test, the two
 * modes against each other, and second order by checking `jvp` and `vjp` of `f` as functions again.
 * Non-float arguments are held fixed and non-float outputs ignored. Directions and cotangents are
 * seeded random normals (Zygote's point: all-ones cotangents hide transposition mistakes).
 */
import { isFloat } from "../core/dtype.js";
import { randomStream, type RandomStream } from "../core/random.js";
import { showShape } from "../core/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { jvp } from "../transforms/jvp.js";
import { vjp } from "../transforms/vjp.js";
import { numericalJvp, type FlatFunction } from "./finite-differences.js";
import { GradCheckError } from "./grad-check-error.js";
import { randomLike } from "./sample-args.js";

/** A function the checkers accept: tensors in, a tensor or a list of tensors out. */
export type CheckedFunction = (...args: Tensor[]) => Tensor | readonly Tensor[];

/** Options of the single checks. */
export interface CheckOptions {
  /** Name used in error messages (default: the function's name). */
  name?: string;
  /** Finite-difference step (default 1e-6; 1e-3 when a float32 value is involved). */
  eps?: number;
  /** Relative tolerance of the finite-difference checks (default 1e-6; 2e-3 with float32). */
  rtol?: number;
  /** Absolute tolerance of the finite-difference checks (default: `rtol`). */
  atol?: number;
  /** Relative tolerance of `checkConsistency`, at rounding level (default 1e-10; 1e-5 with float32). */
  roundoff?: number;
  /** Seed of the random tangents and cotangents (default 0). */
  seed?: number;
}

/** Options of `checkGrads`. */
export interface CheckGradsOptions extends CheckOptions {
  /** 1 checks first derivatives; 2 also checks `jvp` and `vjp` of `f` (default 1). */
  order?: 1 | 2;
  /** Which modes to check: forward (`jvp`), reverse (`vjp`) or both (default both). */
  modes?: readonly ("fwd" | "rev")[];
}

/** Fully resolved settings, inherited by the second-order checks. */
interface Settings {
  name: string;
  /** What a second-order level checks, for error messages ("" at first order). */
  level: string;
  eps: number;
  rtol: number;
  atol: number;
  roundoff: number;
  seed: number;
}

/** `f` restricted to its float arguments and float outputs; the other arguments are held fixed. */
function floatView(f: CheckedFunction, args: readonly Tensor[]): [FlatFunction, Tensor[]] {
  const xs = args.filter((a) => isFloat(a.dtype));
  const fn: FlatFunction = (ys) => {
    let k = 0;
    const out = f(...args.map((a) => (isFloat(a.dtype) ? ys[k++]! : a)));
    return (Array.isArray(out) ? (out as readonly Tensor[]) : [out as Tensor]).filter((o) => isFloat(o.dtype));
  };
  return [fn, xs];
}

/** Defaults by precision: float32 anywhere in the inputs or outputs loosens every tolerance. */
function resolve(f: CheckedFunction, fn: FlatFunction, xs: readonly Tensor[], opts: CheckOptions): Settings {
  const low = [...xs, ...fn(xs)].some((t) => t.dtype === "float32");
  const rtol = opts.rtol ?? (low ? 2e-3 : 1e-6);
  return {
    name: opts.name ?? (f.name || "anonymous function"),
    level: "",
    eps: opts.eps ?? (low ? 1e-3 : 1e-6),
    rtol,
    atol: opts.atol ?? rtol,
    roundoff: opts.roundoff ?? (low ? 1e-5 : 1e-10),
    seed: opts.seed ?? 0,
  };
}

function jvpFlat(fn: FlatFunction, xs: readonly Tensor[], us: readonly Tensor[]): [Tensor[], Tensor[]] {
  return jvp((...ys: Tensor[]) => fn(ys), xs, us) as [Tensor[], Tensor[]];
}

function vjpFlat(fn: FlatFunction, xs: readonly Tensor[]): [Tensor[], (cts: readonly Tensor[]) => Tensor[]] {
  const [outs, pullback] = vjp((...ys: Tensor[]) => fn(ys), ...xs);
  return [outs as Tensor[], (cts) => pullback(cts) as Tensor[]];
}

function values(t: Tensor): ArrayLike<number> {
  return t._concrete()._data!;
}

/** ⟨a, b⟩ summed over a list of tensors, with Σ|aᵢbᵢ| as the scale its rounding error is relative to. */
function inner(a: readonly Tensor[], b: readonly Tensor[]): { value: number; scale: number } {
  let value = 0;
  let scale = 0;
  a.forEach((t, k) => {
    const x = values(t);
    const y = values(b[k]!);
    for (let i = 0; i < x.length; i++) {
      value += x[i]! * y[i]!;
      scale += Math.abs(x[i]! * y[i]!);
    }
  });
  return { value, scale };
}

const fmt = (x: number): string => x.toPrecision(6);
const fmtTol = (x: number): string => x.toExponential();

function fail(check: string, s: Settings, what: string, detail: string): never {
  throw new GradCheckError(`${check} failed for ${s.name}${s.level}: ${what}: ${detail} [seed ${s.seed}, eps ${fmtTol(s.eps)}]`);
}

/** Compares tensors elementwise: |a − b| ≤ atol + rtol·|b|, `b` being the reference. */
function compareTensors(check: string, s: Settings, what: string, names: [string, string], a: readonly Tensor[], b: readonly Tensor[], rtol: number, atol: number): void {
  let maxAbs = 0;
  let maxRel = 0;
  let worst: string | null = null;
  let worstExcess = 0;
  if (a.length !== b.length) fail(check, s, what, `${names[0]} has ${a.length} outputs, ${names[1]} has ${b.length}`);
  a.forEach((t, k) => {
    const ref = b[k]!;
    if (t.shape.length !== ref.shape.length || t.shape.some((d, i) => d !== ref.shape[i]))
      fail(check, s, what, `output ${k} has shape ${showShape(t.shape)}, expected ${showShape(ref.shape)}`);
    const x = values(t);
    const y = values(ref);
    for (let i = 0; i < x.length; i++) {
      const err = Math.abs(x[i]! - y[i]!);
      const rel = err / Math.abs(y[i]!);
      const excess = Number.isNaN(err) ? Infinity : err - (atol + rtol * Math.abs(y[i]!));
      if (!(err <= maxAbs)) maxAbs = err;
      if (!(rel <= maxRel) && err > 0) maxRel = rel;
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = `output ${k}, element ${i}: ${names[0]} ${fmt(x[i]!)} vs ${names[1]} ${fmt(y[i]!)}`;
      }
    }
  });
  if (worst !== null)
    fail(check, s, what, `max abs error ${fmt(maxAbs)}, max rel error ${fmt(maxRel)} (tolerance: rtol ${fmtTol(rtol)}, atol ${fmtTol(atol)}); worst at ${worst}`);
}

/** Compares two inner products: |a − b| ≤ atol + rtol·scale. */
function compareInner(check: string, s: Settings, names: [string, string], a: { value: number; scale: number }, b: { value: number; scale: number }, rtol: number, atol: number): void {
  const err = Math.abs(a.value - b.value);
  const scale = Math.max(a.scale, b.scale);
  if (!(err <= atol + rtol * scale))
    fail(check, s, `${names[0]} ≠ ${names[1]}`, `${fmt(a.value)} vs ${fmt(b.value)}: abs error ${fmt(err)}, rel error ${fmt(err / scale)} ` +
      `relative to Σ|terms| = ${fmt(scale)} (tolerance: rtol ${fmtTol(rtol)}, atol ${fmtTol(atol)})`);
}

function randomTangents(xs: readonly Tensor[], rng: RandomStream): Tensor[] {
  return xs.map((x) => randomLike(x, rng));
}

function jvpCheck(fn: FlatFunction, xs: readonly Tensor[], s: Settings): void {
  const us = randomTangents(xs, randomStream(s.seed));
  const [outs, tangents] = jvpFlat(fn, xs, us);
  compareTensors("checkJvp", s, "the primal output of jvp differs from f", ["jvp", "f"], outs, fn(xs), s.roundoff, s.roundoff);
  const fd = numericalJvp(fn, xs, us, s.eps);
  compareTensors("checkJvp", s, "jvp differs from central finite differences", ["jvp", "finite differences"], tangents, fd, s.rtol, s.atol);
}

function vjpCheck(fn: FlatFunction, xs: readonly Tensor[], s: Settings): void {
  const rng = randomStream(s.seed);
  const us = randomTangents(xs, rng);
  const [outs, pullback] = vjpFlat(fn, xs);
  compareTensors("checkVjp", s, "the primal output of vjp differs from f", ["vjp", "f"], outs, fn(xs), s.roundoff, s.roundoff);
  const vs = randomTangents(outs, rng);
  const cts = pullback(vs);
  const fd = numericalJvp(fn, xs, us, s.eps);
  compareInner("checkVjp", s, ["⟨u, vjp(v)⟩", "⟨finite-difference jvp(u), v⟩"], inner(us, cts), inner(fd, vs), s.rtol, s.atol);
}

function consistencyCheck(fn: FlatFunction, xs: readonly Tensor[], s: Settings): void {
  const rng = randomStream(s.seed);
  const us = randomTangents(xs, rng);
  const [outs, tangents] = jvpFlat(fn, xs, us);
  const vs = randomTangents(outs, rng);
  const cts = vjpFlat(fn, xs)[1](vs);
  // NOTE: when ⟨v, J·u⟩ cancels to rounding noise, Σ|terms| is noise too; ‖u‖·‖v‖ is the floor of the scale.
  const floor = Math.sqrt(inner(us, us).value * inner(vs, vs).value);
  compareInner("checkConsistency", s, ["⟨v, jvp(u)⟩", "⟨vjp(v), u⟩"], inner(vs, tangents), inner(cts, us), s.roundoff, s.roundoff * floor);
}

function checkLevel(fn: FlatFunction, xs: readonly Tensor[], s: Settings, order: number, modes: readonly string[]): void {
  const fwd = modes.includes("fwd");
  const rev = modes.includes("rev");
  if (fwd) jvpCheck(fn, xs, s);
  if (rev) vjpCheck(fn, xs, s);
  if (fwd && rev) consistencyCheck(fn, xs, s);
  if (order <= 1) return;
  if (fwd) {
    // (x, t) ↦ (f(x), ∂f(x)·t), checked at t = x as in JAX.
    const n = xs.length;
    const g: FlatFunction = (ys) => jvpFlat(fn, ys.slice(0, n), ys.slice(n)).flat();
    checkLevel(g, [...xs, ...xs], { ...s, name: `jvp(${s.name})`, level: " (order 2: the function (x, t) ↦ (f(x), ∂f(x)·t))" }, order - 1, modes);
  }
  if (rev) {
    // x ↦ ∂f(x)ᵀ·f(x): using the outputs as cotangents keeps this nonlinear even for linear f.
    const h: FlatFunction = (ys) => {
      const [outs, pullback] = vjpFlat(fn, ys);
      return pullback(outs);
    };
    checkLevel(h, xs, { ...s, name: `vjp(${s.name})`, level: " (order 2: the function x ↦ ∂f(x)ᵀ·f(x))" }, order - 1, modes);
  }
}

function run(f: CheckedFunction, args: readonly Tensor[], opts: CheckGradsOptions, order: number, modes: readonly string[]): void {
  const [fn, xs] = floatView(f, args);
  checkLevel(fn, xs, resolve(f, fn, xs, opts), order, modes);
}

/**
 * Checks `jvp(f)` against central finite differences along a random tangent (and its primal output against `f`).
 *
 * @example
 * checkJvp((x) => sin(x), [tensor([0.5, 1], { dtype: "float64" })]);
 */
export function checkJvp(f: CheckedFunction, args: readonly Tensor[], opts: CheckOptions = {}): void {
  run(f, args, opts, 1, ["fwd"]);
}

/**
 * Checks `vjp(f)` by the inner-product test ⟨u, vjp(v)⟩ ≈ ⟨jvp_fd(u), v⟩ with random u and v.
 *
 * @example
 * checkVjp((a, b) => mul(a, b), [x, y]);
 */
export function checkVjp(f: CheckedFunction, args: readonly Tensor[], opts: CheckOptions = {}): void {
  run(f, args, opts, 1, ["rev"]);
}

/**
 * Checks that forward and reverse mode are adjoint, ⟨v, jvp(u)⟩ = ⟨vjp(v), u⟩ to rounding (no finite differences).
 *
 * @example
 * checkConsistency((x) => exp(x), [x]);
 */
export function checkConsistency(f: CheckedFunction, args: readonly Tensor[], opts: CheckOptions = {}): void {
  const [fn, xs] = floatView(f, args);
  consistencyCheck(fn, xs, resolve(f, fn, xs, opts));
}

/**
 * Checks `f`'s derivatives in the given modes and, for `order: 2`, those of `jvp(f)` and `vjp(f)`
 * too (JAX's `check_grads`); throws a `GradCheckError` naming the failed check.
 *
 * @example
 * checkGrads((x) => tanh(x), [x], { order: 2 });
 */
export function checkGrads(f: CheckedFunction, args: readonly Tensor[], opts: CheckGradsOptions = {}): void {
  run(f, args, opts, opts.order ?? 1, opts.modes ?? ["fwd", "rev"]);
}
