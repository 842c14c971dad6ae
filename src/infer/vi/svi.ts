import { ArgumentError } from "../../core/errors.js";
import { argumentError, checkBoolean, checkFunction, checkInteger, checkOptions } from "../../core/validate.js";
import { globalKey } from "../../distributions/global-key.js";
import { transformTo } from "../../distributions/transform-to.js";
import type { Transform } from "../../distributions/transforms/transform.js";
import { noGrad } from "../../eager/grad-mode.js";
import { detach } from "../../eager/leaf-ops.js";
import { add, cast, mul } from "../../ops/index.js";
import type { GradientTransformation } from "../../optim/functional/transform.js";
import { Optimizer } from "../../optim/optimizer.js";
import { applyUpdates } from "../../optim/tree.js";
import { checkKey, key as keyOf, type PRNGKey } from "../../random/key.js";
import { split } from "../../random/split.js";
import { scalar, tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { valueAndGrad } from "../../transforms/grad.js";
import { real } from "../../distributions/constraints.js";
import { replay } from "../model/handlers/replay.js";
import { seed } from "../model/handlers/seed.js";
import { withMessenger } from "../model/messenger.js";
import { trace } from "../model/trace.js";
import { progressDisplay } from "../progress/progress-display.js";
import { elboParticle, type ElboLoss, type ModelFn } from "./elbo.js";
import { ReparamMessenger } from "./reparam-messenger.js";

/** Options of `infer.svi`. */
export interface SviOptions {
  /** The ELBO estimator: "trace" (pathwise; whole-trace score terms for discrete latents, default), "traceGraph" (score terms Rao-Blackwellised by guide order, with baselines), "analyticKl" (closed-form KL where registered). */
  loss?: ElboLoss;
  /** Monte Carlo draws per ELBO estimate (default 1). */
  particles?: number;
  /** The model's and guide's arguments, used when `init`/`step`/`run` get none. */
  args?: readonly unknown[];
  /** An integer seed or a key (default: a key from the global generator). */
  seed?: number | PRNGKey;
  /** The decay of each score-function site's running-average baseline (Pyro's baseline_beta, default 0.9); 0 for none. */
  baselineDecay?: number;
  /** `run` shows its progress: in Node a bar on a terminal, else a line at every tenth of the steps on stderr; nothing in browsers (default false). */
  progress?: boolean;
}

/**
 * An eager optimizer for `infer.svi`, made when the parameters exist (Pyro's `PyroOptim`): called by
 * `init` with the guide's unconstrained parameters as leaf tensors that require grad, e.g.
 * `(params) => new optim.Adam(params, { lr: 0.05 })`.
 */
export type OptimizerFactory = (params: Tensor[]) => Optimizer<object>;

const FN = "infer.svi";
const KEYS = ["loss", "particles", "args", "seed", "baselineDecay", "progress"];

/**
 * Stochastic variational inference (NumPyro's `SVI`): fits a guide's parameters (`infer.param`
 * sites, kept unconstrained through `distributions.transformTo(constraint)`) by following an
 * optimiser on −ELBO: a gradient transformation (`optim.functional.adam({ lr })`) or an eager
 * optimizer made over the parameters by a function (`(ps) => new optim.Adam(ps, { lr })`).
 *
 * @example
 * const svi = infer.svi(model, guide, optim.functional.adam({ lr: 0.01 }), { args: [x, y], seed: 0 });
 * const { losses } = svi.run(2000);
 * svi.params.loc;
 */
export class Svi {
  /** The ELBO estimator. */
  readonly loss: ElboLoss;
  /** Draws per ELBO estimate. */
  readonly particles: number;
  private readonly model: ModelFn;
  private readonly guide: ModelFn;
  private readonly optimizer: GradientTransformation<unknown> | OptimizerFactory;
  private eager: Optimizer<object> | null = null;
  private readonly defaultArgs: readonly unknown[];
  private readonly decay: number;
  private readonly progress: boolean;
  private key: PRNGKey;
  private unconstrained: Record<string, Tensor> | null = null;
  private transforms: Record<string, Transform> = {};
  private optState: unknown = null;
  private readonly baselines = new Map<string, number>();
  private steps = 0;

  /** @internal Built by `infer.svi`. */
  constructor(model: ModelFn, guide: ModelFn, optimizer: GradientTransformation<unknown> | OptimizerFactory, o: Required<Omit<SviOptions, "seed">> & { key: PRNGKey }) {
    this.model = model;
    this.guide = guide;
    this.optimizer = optimizer;
    this.loss = o.loss;
    this.particles = o.particles;
    this.defaultArgs = o.args;
    this.decay = o.baselineDecay;
    this.progress = o.progress;
    this.key = o.key;
  }

  /** How many steps have run since `init`. */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * Finds the parameters (NumPyro's `SVI.init`): runs the guide, and the model replayed on it, once;
   * every `infer.param` site starts at its init, the optimiser's state is fresh. Called by the first
   * `step` if not before; calling it again restarts.
   */
  init(...args: unknown[]): this {
    const a = this.argsOf(args);
    const [k, next] = split(this.key);
    this.key = next!;
    noGrad(() => {
      const run = (...x: unknown[]): unknown => withMessenger(new ReparamMessenger(), () => seed(this.guide, k!)(...x));
      const gt = trace(run).getTrace(...a);
      const mt = trace(replay(seed(this.model, k!), gt)).getTrace(...a);
      const u: Record<string, Tensor> = {};
      this.transforms = {};
      for (const tr of [gt, mt])
        for (const s of tr) {
          if (s.type !== "param" || u[s.name] !== undefined) continue;
          const t = transformTo(s.constraint ?? real);
          this.transforms[s.name] = t;
          u[s.name] = cast(t.inverse(s.value), "float64");
        }
      if (Object.keys(u).length === 0) throw new ArgumentError(`${FN}: the guide and the model have no infer.param sites; there is nothing to fit`);
      this.unconstrained = u;
    });
    if (typeof this.optimizer === "function") {
      try {
        this.eager = this.makeEager(this.optimizer);
      } catch (e) {
        this.unconstrained = null;
        throw e;
      }
    } else {
      this.eager = null;
      this.optState = this.optimizer.init(this.unconstrained!);
    }
    this.baselines.clear();
    this.steps = 0;
    return this;
  }

  /** The parameters on their constrained scale, by name (copies of the current values). */
  get params(): Record<string, Tensor> {
    if (this.unconstrained === null) throw new ArgumentError(`${FN}: no parameters yet; call init() or step() first`);
    return noGrad(() => this.constrain(this.unconstrained!));
  }

  /** One parameter on its constrained scale. */
  param(name: string): Tensor {
    const p = this.params;
    if (!Object.prototype.hasOwnProperty.call(p, name)) throw argumentError(`${FN}.param`, "name", `one of ${Object.keys(p).join(", ")}`, name);
    return p[name]!;
  }

  /** One optimisation step on −ELBO (NumPyro's `SVI.update`); returns the loss (−ELBO estimate) before the step. */
  step(...args: unknown[]): number {
    const a = this.argsOf(args);
    if (this.unconstrained === null) this.init(...a);
    const names = Object.keys(this.unconstrained!);
    const keys = split(this.key, this.particles + 1);
    this.key = keys[this.particles]!;
    const costSums = new Map<string, number>();
    const lossFn = (...us: Tensor[]): Tensor => {
      const params = this.constrain(Object.fromEntries(names.map((n, i) => [n, us[i]!])));
      let s: Tensor = scalar(0, "float64");
      for (let p = 0; p < this.particles; p++) {
        const r = elboParticle(this.model, this.guide, params, a, keys[p]!, this.loss, this.baselines, FN);
        s = add(s, r.surrogate);
        for (const [n, c] of r.costs) costSums.set(n, (costSums.get(n) ?? 0) + c);
      }
      return mul(s, -1 / this.particles);
    };
    const vg = valueAndGrad(lossFn, { argnums: names.map((_, i) => i) }) as unknown as (...us: Tensor[]) => [Tensor, Tensor[]];
    // NOTE: an eager optimizer's leaves require grad; the transform gets detached copies, so no eager graph is recorded.
    const eager = this.eager;
    const [value, grads] = vg(...names.map((n) => (eager === null ? this.unconstrained![n]! : detach(this.unconstrained![n]!))));
    const loss = value.item();
    if (eager !== null) {
      names.forEach((n, i) => (this.unconstrained![n]!.grad = grads[i]!));
      eager.step();
      eager.zeroGrad();
    } else noGrad(() => {
      const g = Object.fromEntries(names.map((n, i) => [n, grads[i]!]));
      const [updates, state] = (this.optimizer as GradientTransformation<unknown>).update(g, this.optState, this.unconstrained!);
      this.optState = state;
      this.unconstrained = applyUpdates(this.unconstrained!, updates);
    });
    for (const [n, c] of costSums) {
      const mean = c / this.particles;
      const b = this.baselines.get(n);
      // NOTE: Pyro's decaying-average baseline: b ← β b + (1 − β) cost, starting at the first cost.
      this.baselines.set(n, b === undefined || this.decay === 0 ? (this.decay === 0 ? 0 : mean) : this.decay * b + (1 - this.decay) * mean);
    }
    this.steps++;
    return loss;
  }

  /** NumPyro's name for `step`. */
  update(...args: unknown[]): number {
    return this.step(...args);
  }

  /** `steps` steps (NumPyro's `SVI.run`); returns the final parameters and each step's loss. */
  run(steps: number, ...args: unknown[]): { params: Record<string, Tensor>; losses: Float64Array } {
    checkInteger(steps, `${FN}.run`, "steps", 1, 2 ** 31 - 1);
    const losses = new Float64Array(steps);
    const display = this.progress ? progressDisplay([FN], [steps], "tenths") : null;
    // NOTE: the status shows the mean loss over the last (at most) 100 steps: one step's loss is a noisy estimate.
    let window = 0;
    try {
      for (let i = 0; i < steps; i++) {
        losses[i] = this.step(...args);
        if (display === null) continue;
        window += losses[i]! - (i >= 100 ? losses[i - 100]! : 0);
        display.update(0, i + 1, `loss ${(window / Math.min(i + 1, 100)).toPrecision(6)}`);
      }
    } finally {
      display?.stop();
    }
    return { params: this.params, losses };
  }

  /** An ELBO estimate from `samples` draws at the current parameters (no step), with its standard error. */
  evaluate(samples = 1000, ...args: unknown[]): { elbo: number; se: number } {
    checkInteger(samples, `${FN}.evaluate`, "samples", 2, 2 ** 31 - 1);
    const a = this.argsOf(args);
    if (this.unconstrained === null) this.init(...a);
    const keys = split(this.key, samples + 1);
    this.key = keys[samples]!;
    return noGrad(() => {
      const params = this.constrain(this.unconstrained!);
      const v = new Float64Array(samples);
      for (let i = 0; i < samples; i++) v[i] = elboParticle(this.model, this.guide, params, a, keys[i]!, "trace", new Map(), FN).surrogate.item();
      const m = v.reduce((x, y) => x + y, 0) / samples;
      const sd = Math.sqrt(v.reduce((x, y) => x + (y - m) ** 2, 0) / (samples - 1));
      return { elbo: m, se: sd / Math.sqrt(samples) };
    });
  }

  /** Calls the eager optimizer factory on the parameters made leaves that require grad; checks it covers them. */
  private makeEager(factory: OptimizerFactory): Optimizer<object> {
    const u = this.unconstrained!;
    for (const n of Object.keys(u)) u[n] = tensor(u[n]!, { requiresGrad: true });
    const leaves = Object.values(u);
    const opt: unknown = factory(leaves);
    if (!(opt instanceof Optimizer)) throw argumentError(FN, "optimizer", "a gradient transformation or a function (params) => an optimizer (new optim.Adam(params, { lr }))", opt);
    const own = new Set(opt.paramGroups.flatMap((g) => g.params));
    const missing = Object.keys(u).filter((n) => !own.has(u[n]!));
    if (missing.length > 0)
      throw new ArgumentError(`${FN}: the optimizer made by the optimizer function does not update the parameters ${missing.join(", ")}; build it over the tensors it is given`);
    return opt;
  }

  /** The constrained values of unconstrained parameters. */
  private constrain(u: Readonly<Record<string, Tensor>>): Record<string, Tensor> {
    return Object.fromEntries(Object.entries(u).map(([n, v]) => [n, this.transforms[n]!.forward(v)]));
  }

  /** The call's arguments, or the default ones when none were given. */
  private argsOf(args: readonly unknown[]): readonly unknown[] {
    return args.length > 0 ? args : this.defaultArgs;
  }
}

/**
 * Stochastic variational inference with a guide (NumPyro's `SVI(model, guide, optim, loss)`): `guide`
 * takes the model's arguments and samples every latent site of the model from distributions whose
 * parameters are `infer.param` sites (or is an autoguide). Minibatches: subsample in `infer.plate`
 * (`subsampleSize`), which scales the data's log density by size/subsampleSize.
 *
 * @example
 * const guide = () => infer.sample("mu", new Normal(infer.param("loc", 0), infer.param("scale", 1, { constraint: constraints.positive })));
 * const svi = infer.svi(model, guide, optim.functional.adam({ lr: 0.02 }), { args: [y], seed: 0 });
 * svi.run(1000); svi.params.loc;
 */
export function svi(model: (...args: never[]) => unknown, guide: (...args: never[]) => unknown, optimizer: GradientTransformation<unknown> | OptimizerFactory, options?: SviOptions): Svi {
  checkFunction(model, FN, "model");
  checkFunction(guide, FN, "guide");
  const functional = optimizer !== null && typeof optimizer === "object" && typeof optimizer.init === "function" && typeof optimizer.update === "function";
  if (!functional && typeof optimizer !== "function")
    throw argumentError(FN, "optimizer", "a gradient transformation (optim.functional.adam({ lr }), …) or a function (params) => an optimizer (new optim.Adam(params, { lr }))", optimizer);
  const o = checkOptions<SviOptions>(options, FN);
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) throw argumentError(FN, `options.${k}`, `one of ${KEYS.join(", ")}`, k);
  const loss = o.loss ?? "trace";
  if (loss !== "trace" && loss !== "traceGraph" && loss !== "analyticKl") throw argumentError(FN, "options.loss", `"trace", "traceGraph" or "analyticKl"`, loss);
  const particles = o.particles === undefined ? 1 : checkInteger(o.particles, FN, "options.particles", 1, 2 ** 20);
  const args = o.args ?? [];
  if (!Array.isArray(args)) throw argumentError(FN, "options.args", "an array of the model's arguments", args);
  let baselineDecay = 0.9;
  if (o.baselineDecay !== undefined) {
    if (typeof o.baselineDecay !== "number" || !(o.baselineDecay >= 0 && o.baselineDecay < 1)) throw argumentError(FN, "options.baselineDecay", "a number in [0, 1)", o.baselineDecay);
    baselineDecay = o.baselineDecay;
  }
  let key: PRNGKey;
  if (o.seed === undefined) key = globalKey();
  else if (typeof o.seed === "number") key = keyOf(checkInteger(o.seed, FN, "options.seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  else key = checkKey(o.seed, FN, "options.seed");
  const progress = o.progress === undefined ? false : checkBoolean(o.progress, FN, "options.progress");
  return new Svi(model as unknown as ModelFn, guide as unknown as ModelFn, optimizer, { loss, particles, args, baselineDecay, key, progress });
}
