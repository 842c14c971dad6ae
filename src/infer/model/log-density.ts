import { ArgumentError, TransformError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { argumentError, checkBoolean, checkFunction, checkOptions, inFunction } from "../../core/validate.js";
import { compile } from "../../compile/compile.js";
import { noGrad } from "../../eager/grad-mode.js";
import { add, cast, reshape, slice, sum, toTensor, type TensorLike } from "../../ops/index.js";
import { key as keyOf } from "../../random/key.js";
import { Tensor } from "../../tensor/tensor.js";
import { valueAndGrad } from "../../transforms/grad.js";
import type { Potential } from "../potential.js";
import { seed } from "./handlers/seed.js";
import { substitute } from "./handlers/substitute.js";
import { latentLayout, type LatentSlot } from "./latent-layout.js";
import { checkOptionKeys } from "./site-value.js";
import { sumAll, trace, type Trace } from "./trace.js";

/**
 * A model's log density over one flat unconstrained vector q (what samplers consume): each latent
 * site's slice of q is mapped onto its support by `distributions.bijectTo(support)`, and the log
 * density is the model's log joint at those values plus each map's log |det J|.
 */
export interface LogDensity extends Potential {
  /** The latent sample sites, in model order. */
  readonly names: readonly string[];
  /** The constrained shape of each latent site. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  /** Where each latent site starts in q (unconstrained coordinates). */
  readonly offsets: Readonly<Record<string, number>>;
  /** The constrained values (row-major, flat) of the latent and deterministic sites at q. */
  constrain(q: Float64Array): Record<string, Float64Array>;
  /** The shape of each deterministic site. */
  readonly deterministicShapes: Readonly<Record<string, readonly number[]>>;
}

/** Options of `infer.logDensity`. */
export interface LogDensityOptions {
  /** The model's arguments (data), fixed for every evaluation. */
  args?: readonly unknown[];
  /**
   * Trace the density and its gradient once and run compiled JavaScript (default true). Pass false
   * for a model whose control flow depends on latent values (it runs the model on every evaluation).
   */
  compile?: boolean;
}

const FN = "infer.logDensity";

/** The rest of a log density's surface: the layout, the inverse map and per-site terms. */
export class ModelLogDensity implements LogDensity {
  /** The dimension of q. */
  readonly dim: number;
  /** The latent sample sites, in model order. */
  readonly names: readonly string[];
  /** The constrained shape of each latent site. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  /** Where each latent site starts in q. */
  readonly offsets: Readonly<Record<string, number>>;
  /** The shape of each deterministic site. */
  readonly deterministicShapes: Readonly<Record<string, readonly number[]>>;
  /** Whether the density runs compiled. */
  readonly compiled: boolean;
  /** The layout of q: one slot per latent site. */
  readonly slots: readonly LatentSlot[];
  private readonly model: (...args: unknown[]) => unknown;
  private readonly args: readonly unknown[];
  private readonly evaluate: (...xs: Tensor[]) => [Tensor, Tensor[]];
  private readonly inputs: Tensor[];
  private constrainProgram: ((...xs: Tensor[]) => Tensor[]) | undefined;

  /** Built by `infer.logDensity`. */
  constructor(model: (...args: unknown[]) => unknown, args: readonly unknown[], first: Trace, useCompile: boolean) {
    this.model = model;
    this.args = args;
    this.slots = latentLayout(first, FN);
    this.names = this.slots.map((s) => s.name);
    this.shapes = Object.fromEntries(this.slots.map((s) => [s.name, s.shape]));
    this.offsets = Object.fromEntries(this.slots.map((s) => [s.name, s.offset]));
    this.deterministicShapes = Object.fromEntries([...first].filter((s) => s.type === "deterministic").map((s) => [s.name, s.value.shape.slice()]));
    this.dim = this.slots.reduce((n, s) => n + s.size, 0);
    this.compiled = useCompile;
    this.inputs = this.slots.map((s) => new Tensor(s.unconstrainedShape.slice(), "float64", new Float64Array(s.size)));
    // NOTE: one argument per latent site (not slices of one q): the traced program then has no
    // slice/pad primitives, and a scalar site is a JS number in the compiled code.
    const vg = valueAndGrad((...xs: Tensor[]) => this.potential(xs), { argnums: this.slots.map((_, i) => i) }) as unknown as (...xs: Tensor[]) => [Tensor, Tensor[]];
    // NOTE: compiled with reuseOutputs (no allocation per call): logDensityAndGrad copies the value
    // and the gradients out before the next call.
    this.evaluate = useCompile
      ? (compile(vg, { reuseOutputs: true }) as unknown as (...xs: Tensor[]) => [Tensor, Tensor[]])
      : vg;
  }

  /**
   * log p(q) up to a constant, with ∇ log p written into `grad`.
   * NOTE: uncompiled, a distribution that refuses a value the bijections produced at the edge of
   * floating point (exp underflowing to 0, σ rounding to 1) raises an ArgumentError; that point is
   * outside the support, so it gives −∞ (the samplers' divergence) rather than a crash. Compiled
   * code skips those checks and gives −∞ or NaN there by itself.
   */
  logDensityAndGrad(q: Float64Array, grad: Float64Array): number {
    const slots = this.slots;
    const xs = this.inputs;
    // NOTE: q is copied into one persistent tensor per site (no views or tensors made per call); the
    // compiled code only reads them, and the gradients are copied out before the next call.
    for (let i = 0; i < slots.length; i++) {
      const d = xs[i]!._data!;
      const off = slots[i]!.offset;
      for (let j = 0; j < d.length; j++) d[j] = q[off + j]!;
    }
    let out: [Tensor, Tensor[]];
    try {
      out = this.evaluate(...xs);
    } catch (e) {
      if (this.compiled || !(e instanceof ArgumentError) || e.message.startsWith(FN)) throw e;
      grad.fill(0);
      return -Infinity;
    }
    const gs = out[1];
    for (let i = 0; i < slots.length; i++) grad.set(gs[i]!._data!, slots[i]!.offset);
    return out[0]._data![0]!;
  }

  /** The latent values at q on the constrained scale, as tensors by site name. */
  values(q: Float64Array | Tensor): Record<string, Tensor> {
    const qt = q instanceof Tensor ? q : new Tensor([this.dim], "float64", q);
    const out: Record<string, Tensor> = {};
    for (const s of this.slots) out[s.name] = s.transform.forward(this.slice(qt, s));
    return out;
  }

  /** The constrained values of the latent and deterministic sites at q (row-major, flat). */
  constrain(q: Float64Array): Record<string, Float64Array> {
    this.checkPoint(q, "constrain");
    if (this.compiled) return this.constrainCompiled(q);
    return noGrad(() => {
      const tr = this.run(this.values(q));
      const out: Record<string, Float64Array> = {};
      for (const s of tr) if ((s.type === "sample" && !s.isObserved) || s.type === "deterministic") out[s.name] = Float64Array.from(s.value.data());
      return out;
    });
  }

  /** The point q whose constrained values are `values` (each latent site's inverse bijection). */
  unconstrain(values: Readonly<Record<string, TensorLike>>): Float64Array {
    const q = new Float64Array(this.dim);
    noGrad(() => {
      for (const s of this.slots) {
        if (!Object.prototype.hasOwnProperty.call(values, s.name)) throw argumentError(`${FN}.unconstrain`, `values.${s.name}`, "a value of the latent site", undefined);
        const v = cast(toTensor(values[s.name]!, "float64", `${FN}.unconstrain`, `values.${s.name}`), "float64");
        if (showShape(v.shape) !== showShape(s.shape))
          throw new ArgumentError(`${FN}.unconstrain: values.${s.name} must have shape ${showShape(s.shape)}, got ${showShape(v.shape)}`);
        q.set(s.transform.inverse(v).data(), s.offset);
      }
    });
    return q;
  }

  /**
   * Each term of log p at q: every sample site's summed log density (at the constrained values) and
   * each latent's log |det J| under `"<name> (Jacobian)"`; for messages that name the culprit.
   */
  terms(q: Float64Array): Record<string, number> {
    this.checkPoint(q, "terms");
    return noGrad(() => {
      const qt = new Tensor([this.dim], "float64", q);
      const out: Record<string, number> = {};
      const values: Record<string, Tensor> = {};
      for (const s of this.slots) {
        const x = this.slice(qt, s);
        const y = s.transform.forward(x);
        values[s.name] = y;
        out[`${s.name} (Jacobian)`] = sum(s.transform.logAbsDetJacobian(x, y)).item();
      }
      for (const s of this.run(values)) if (s.type === "sample") out[s.name] = sum(s.logProb).item();
      return out;
    });
  }

  /** The model's log joint at the latent values (unconstrained, one tensor per site) plus the log-Jacobians. */
  private potential(xs: readonly Tensor[]): Tensor {
    const values: Record<string, Tensor> = {};
    let total: Tensor | null = null;
    this.slots.forEach((s, i) => {
      const x = xs[i]!;
      const y = s.transform.forward(x);
      values[s.name] = y;
      if (s.transform.name !== "identity") {
        const j = sumAll(s.transform.logAbsDetJacobian(x, y));
        total = total === null ? j : add(total, j);
      }
    });
    const lp = this.run(values).logProbSum();
    return total === null ? lp : add(total, lp);
  }

  /**
   * `constrain` through a compiled program (traced on first use): samplers call it once per kept
   * draw, so running the model uncompiled there would cost as much as sampling.
   */
  private constrainCompiled(q: Float64Array): Record<string, Float64Array> {
    const names = [...this.names, ...Object.keys(this.deterministicShapes)];
    this.constrainProgram ??= compile((...xs: Tensor[]) => {
      const values: Record<string, Tensor> = {};
      this.slots.forEach((s, i) => (values[s.name] = s.transform.forward(xs[i]!)));
      const tr = this.run(values);
      return names.map((n) => tr.get(n)!.value);
    }) as unknown as (...xs: Tensor[]) => Tensor[];
    const xs = this.slots.map((s) => new Tensor(s.unconstrainedShape.slice(), "float64", q.slice(s.offset, s.offset + s.size)));
    const outs = noGrad(() => this.constrainProgram!(...xs));
    return Object.fromEntries(names.map((n, i) => [n, Float64Array.from(outs[i]!.data())]));
  }

  /** Site s's slice of q in its unconstrained shape. */
  private slice(q: Tensor, s: LatentSlot): Tensor {
    return reshape(slice(q, [s.offset], [s.size]), s.unconstrainedShape);
  }

  /**
   * The model run at the given latent values. The latent sites must be the same as at construction.
   * NOTE: the rule that makes compiling safe: a model may branch on its arguments and data, never on
   * latent values. Compiled, reading a latent's value while tracing raises (the branch would be
   * frozen); uncompiled, each run is checked to have the same latent sites with the same shapes.
   * Randomness drawn outside `infer.sample` (a `randn` inside the model) is frozen by compiling:
   * draw it with `infer.sample` or pass `{ compile: false }`.
   */
  private run(values: Record<string, Tensor>): Trace {
    // NOTE: compiled, the model's tensor arguments (its data) are copied while tracing, so they are
    // constants of the program (log σ, 1/σ fold away): the density sees the data as it was when
    // `logDensity` was called, not later `assign`s to those tensors.
    const args = this.compiled ? this.args.map((a) => (a instanceof Tensor ? new Tensor(a.shape.slice(), a.dtype, a.data().slice()) : a)) : this.args;
    const tr = trace(substitute(this.model, values)).getTrace(...args);
    const latent = tr.latentSites();
    const same = latent.length === this.slots.length && latent.every((s, i) => s.name === this.slots[i]!.name && showShape(s.value.shape) === showShape(this.slots[i]!.shape));
    if (!same)
      throw new ArgumentError(
        `${FN}: the model's latent sites changed between runs (first [${this.names.join(", ")}], now [${latent.map((s) => s.name).join(", ")}]); ` +
          `a log density needs the same latent sites at every point, so the model must not branch on latent values (select with where)`,
      );
    return tr;
  }

  /** Checks that q is a Float64Array of length dim. */
  private checkPoint(q: unknown, method: string): void {
    if (!(q instanceof Float64Array) || q.length !== this.dim) throw argumentError(`${FN}.${method}`, "q", `a Float64Array of length ${this.dim}`, q);
  }
}

/**
 * The log density of a model over its unconstrained latent space (NumPyro's `potential_fn`, Stan's
 * `log_prob` with Jacobians): traces `model(...args)` once to find the latent sites, lays them out in
 * one Float64Array q, maps each onto its support with `bijectTo` (adding log |det J|), and returns a
 * `Potential` whose value and reverse-mode gradient are traced once and compiled to JavaScript.
 * Errors name the site: a latent of discrete or unknown support, data of the wrong shape, a name used twice.
 *
 * @example
 * const ld = infer.logDensity(eightSchools, { args: [y, sigma] });
 * const g = new Float64Array(ld.dim); ld.logDensityAndGrad(new Float64Array(ld.dim), g);
 */
export function logDensity(model: (...args: never[]) => unknown, options?: LogDensityOptions): ModelLogDensity {
  checkFunction(model, FN, "model");
  const o = checkOptions<LogDensityOptions>(options, FN);
  checkOptionKeys(o, FN, ["args", "compile"]);
  if (o.args !== undefined && !Array.isArray(o.args)) throw argumentError(FN, "options.args", "an array of the model's arguments", o.args);
  const args = o.args ?? [];
  const useCompile = o.compile === undefined ? true : checkBoolean(o.compile, FN, "options.compile");
  const m = model as unknown as (...args: unknown[]) => unknown;
  return inFunction(FN, () => build(m, args, useCompile));
}

/** Traces the model once, lays out its latent sites and (compiled) traces the density and gradient. */
function build(m: (...args: unknown[]) => unknown, args: readonly unknown[], useCompile: boolean): ModelLogDensity {
  const first = noGrad(() => trace(seed(m, keyOf(0))).getTrace(...args));
  if (first.latentSites().length === 0) throw new ArgumentError(`${FN}: the model has no latent sample sites (every site is observed); there is nothing to infer`);
  const ld = new ModelLogDensity(m, args, first, useCompile);
  if (useCompile) {
    // Trace and compile now, at the first run's point, so that tracing errors surface here.
    const q = ld.unconstrain(Object.fromEntries(first.latentSites().map((s) => [s.name, s.value])));
    try {
      ld.logDensityAndGrad(q, new Float64Array(ld.dim));
    } catch (e) {
      if (e instanceof TransformError && e.message.startsWith("compile:"))
        throw new ArgumentError(
          `${FN}: the model reads a traced value (a latent variable, or a tensor computed from one) while the log density is compiled, ` +
            `so its control flow would be frozen at one branch; select with where(cond, a, b), or pass { compile: false } (${e.message.split(":")[1]!.trim()})`,
        );
      throw e;
    }
  }
  return ld;
}
