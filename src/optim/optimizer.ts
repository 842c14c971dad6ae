/**
 * The eager optimizer base class (PyTorch's `torch.optim.Optimizer`): parameter groups with
 * per-group options, `step()`, `zeroGrad()`, `stateDict()`/`loadStateDict()`. A subclass only names
 * the pure transformation its options build (see `functional/optimizers.ts`); `step()` runs it on the
 * parameters' `.grad` and writes `params + updates` back with `assign` inside `noGrad`, so version
 * counters stay meaningful and nothing is recorded (or, where the transformation offers
 * `applyInPlace`, as Adam and AdamW do, both in one pass per parameter, with the same bits).
 *
 * The transformation is rebuilt from the group's options at every step, so changing
 * `opt.paramGroups[i].lr` (or any other option) takes effect at the next step; its state (momentum
 * buffers, step counts, the schedule's count) lives in the optimizer and survives the change.
 */
import { ArgumentError, AutogradError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { argumentError, checkFunction, checkOptions, describeValue, checkIterable } from "../core/validate.js";
import { enableGrad, noGrad } from "../eager/grad-mode.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import type { GradientTransformation } from "./functional/transform.js";
import { applyUpdate } from "./apply-update.js";
import type { Norm } from "./norms/norm.js";

/** A parameter group as given to a constructor: its tensors and option overrides. */
export type ParamGroupInput<O> = { params: Iterable<Tensor> } & Partial<O>;

/** What optimizers accept: leaf tensors, or parameter groups. */
export type ParamsInput<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** A parameter group: its tensors and its complete options. */
export type ParamGroup<O> = O & { params: Tensor[] };

/** A saved option: numbers, booleans and strings as they are; a norm or schedule by name. */
export type SavedOption = number | boolean | string | null | readonly number[] | { norm: string } | { schedule: string };

/** The state of an optimizer, PyTorch-shaped: parameters are referred to by their index across groups. */
export interface OptimizerStateDict {
  /** One transformation state per group (trees of tensors and numbers; copies). */
  state: unknown[];
  /** Each group's options and the indices of its parameters. */
  paramGroups: ({ params: number[] } & { [option: string]: SavedOption | number[] })[];
}

const isNorm = (x: unknown): x is Norm => x !== null && typeof x === "object" && typeof (x as Norm).dualize === "function";

function copyState(x: unknown): unknown {
  if (x instanceof Tensor) return tensor(x);
  if (Array.isArray(x)) return x.map(copyState);
  if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, copyState(v)]));
  return x;
}

/**
 * Checks that a loaded state has the structure of `ref` (a fresh state for `params`): the same
 * arrays, keys and kinds of values, and tensors of the shapes and dtypes of the reference's (where
 * the reference holds null, as a momentum buffer before its first step, of the parameter's).
 * `k` is the parameter index of the innermost per-parameter array (−1 outside one).
 */
function checkStateLike(loaded: unknown, ref: unknown, params: readonly Tensor[], k: number, path: string): void {
  const bad = (expected: string): never => {
    throw new ArgumentError(`${path} must be ${expected}, got ${describeValue(loaded)}`);
  };
  if (ref instanceof Tensor || (ref === null && loaded instanceof Tensor && k >= 0)) {
    const like = ref instanceof Tensor ? ref : params[k]!;
    if (!(loaded instanceof Tensor) || !shapesEqual(loaded.shape, like.shape) || loaded.dtype !== like.dtype)
      bad(`a ${like.dtype} tensor of shape ${showShape(like.shape)}`);
    return;
  }
  if (ref === null) {
    if (loaded !== null) bad("null or a tensor");
    return;
  }
  if (Array.isArray(ref)) {
    if (!Array.isArray(loaded) || loaded.length !== ref.length) bad(`an array of length ${ref.length}`);
    const perParam = ref.length === params.length;
    ref.forEach((r, i) => checkStateLike((loaded as unknown[])[i], r, params, perParam ? i : k, `${path}[${i}]`));
    return;
  }
  if (typeof ref === "object") {
    if (loaded === null || typeof loaded !== "object" || Array.isArray(loaded) || loaded instanceof Tensor) bad("an object");
    const keys = Object.keys(ref);
    const got = Object.keys(loaded as object);
    if (got.length !== keys.length || keys.some((key) => !Object.prototype.hasOwnProperty.call(loaded, key)))
      bad(`an object with the keys ${keys.join(", ")}`);
    for (const key of keys) checkStateLike((loaded as Record<string, unknown>)[key], (ref as Record<string, unknown>)[key], params, k, `${path}.${key}`);
    return;
  }
  if (typeof ref === "number") {
    if (typeof loaded !== "number" || Number.isNaN(loaded)) bad("a number");
    return;
  }
  if (typeof loaded !== typeof ref) bad(`a ${typeof ref}`);
}

/** The base class of every optimizer. */
export abstract class Optimizer<O extends object> {
  /** The parameter groups; change an option here (e.g. `lr`) and the next step uses it. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** The options a group gets unless it overrides them. */
  readonly defaults: O;
  #states: unknown[] = [];
  readonly #name: string;

  constructor(params: ParamsInput<O>, defaults: O) {
    this.#name = new.target.name;
    this.defaults = checkOptions<O>(defaults, this.#name) as O;
    const list = [...checkIterable<Tensor | ParamGroupInput<O>>(params, this.#name, "params", "an array of tensors or of parameter groups { params, ...options }")];
    if (list.length === 0) throw new ArgumentError(`${this.#name}: got an empty parameter list`);
    if (list.every((p) => p instanceof Tensor)) this.#addGroup({ params: list as Tensor[] } as unknown as ParamGroupInput<O>, this.#name, "params");
    else if (list.some((p) => p instanceof Tensor)) throw new ArgumentError(`${this.#name}: pass either tensors or parameter groups { params, ...options }, not a mix`);
    else list.forEach((g, i) => this.#addGroup(g as ParamGroupInput<O>, this.#name, `params[${i}]`));
  }

  /** The optimizer's name in errors: its class name. */
  protected get optimizerName(): string {
    return this.#name;
  }

  /** The pure transformation that a group's options define. */
  protected abstract transform(options: O): GradientTransformation<unknown>;

  /** Checks one parameter beyond being a leaf tensor that requires grad (e.g. Muon: a matrix); throws naming `where` and `arg`. */
  protected checkParam(_p: Tensor, _where: string, _arg: string): void {}

  /** Adds a parameter group (its options default to the optimizer's). */
  addParamGroup(group: ParamGroupInput<O>): void {
    this.#addGroup(group, `${this.#name}.addParamGroup`, "group");
  }

  /** Checks and adds a parameter group; errors name `where` and the group as `arg`. All or nothing. */
  #addGroup(group: ParamGroupInput<O>, where: string, arg: string): void {
    if (group === null || typeof group !== "object" || Array.isArray(group) || group instanceof Tensor || !("params" in group))
      throw argumentError(where, arg, "a parameter group { params, ...options }", group);
    const given: unknown = group.params;
    const params = given instanceof Tensor ? [given] : [...checkIterable<unknown>(given, where, `${arg}.params`, "a tensor or an iterable of tensors")];
    if (params.length === 0) throw argumentError(where, `${arg}.params`, "a non-empty list of tensors", params);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      const name = `${arg}.params[${i}]`;
      if (!(p instanceof Tensor)) throw argumentError(where, name, "a tensor", p);
      if (!p.requiresGrad) throw new AutogradError(`${where}: ${name} does not require grad; create it with { requiresGrad: true }`);
      if (!p.isLeaf) throw new AutogradError(`${where}: ${name} is not a leaf (it was computed by an op); optimise the leaf it came from`);
      if (seen.has(p)) throw new ArgumentError(`${where}: ${name} appears more than once (in this group or another)`);
      this.checkParam(p, where, name);
      seen.add(p);
    });
    const tensors = params as Tensor[];
    const merged = { ...this.defaults, ...group, params: tensors } as ParamGroup<O>;
    const tx = this.transform(this.#options(merged));
    this.paramGroups.push(merged);
    this.#states.push(tx.init(tensors));
  }

  #options(group: ParamGroup<O>): O {
    const { params: _params, ...options } = group;
    return options as unknown as O;
  }

  /**
   * One update of every parameter that has a gradient: w ← w + update(w.grad). With a closure, it is
   * called first (with gradients enabled) and its loss is returned.
   */
  step(closure?: () => Tensor | number): number | undefined {
    let loss: number | undefined;
    if (closure !== undefined) {
      checkFunction(closure, `${this.#name}.step`, "closure");
      const l: unknown = enableGrad(closure);
      if (typeof l !== "number" && !(l instanceof Tensor))
        throw new ArgumentError(`${this.#name}.step: closure must return the loss as a tensor or a number, got ${describeValue(l)}`);
      loss = typeof l === "number" ? l : l.item();
    }
    noGrad(() => {
      this.paramGroups.forEach((group, i) => {
        const tx = this.transform(this.#options(group));
        const grads = group.params.map((p) => p.grad);
        const applied = tx.applyInPlace?.(grads, this.#states[i], group.params) ?? null;
        if (applied !== null) {
          this.#states[i] = applied;
          return;
        }
        const [updates, state] = tx.update(grads, this.#states[i], group.params);
        this.#states[i] = state;
        group.params.forEach((p, j) => {
          const u = updates[j];
          if (u !== null && u !== undefined) applyUpdate(p, u);
        });
      });
    });
    return loss;
  }

  /** Sets every parameter's `.grad` to null. */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /** A copy of the optimizer's state and options; `loadStateDict` resumes from it exactly. */
  stateDict(): OptimizerStateDict {
    let next = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const saved: { [option: string]: SavedOption | number[] } = {};
      for (const [k, v] of Object.entries(this.#options(g))) {
        if (isNorm(v)) saved[k] = { norm: v.name };
        else if (typeof v === "function") saved[k] = { schedule: v.name || "anonymous" };
        else if (Array.isArray(v)) saved[k] = v.slice();
        else if (v === undefined) continue;
        else saved[k] = v as SavedOption;
      }
      return { ...saved, params: g.params.map(() => next++) };
    });
    return { state: copyState(this.#states) as unknown[], paramGroups };
  }

  /**
   * Restores a state dict saved by an optimizer of the same kind over parameters of the same shapes
   * (in the same order). Numeric and boolean options are restored; norms and schedules are not
   * serialisable, so this optimizer keeps its own, and a norm whose name differs from the saved one
   * is an error.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    // NOTE: all or nothing: the structure, every option (by building the transformation it
    // defines) and every state tensor's shape and dtype are checked before anything is assigned.
    const where = `${this.#name}.loadStateDict`;
    if (sd === null || typeof sd !== "object" || !Array.isArray(sd.state) || !Array.isArray(sd.paramGroups))
      throw argumentError(where, "stateDict", "a state dict { state, paramGroups } from stateDict()", sd);
    if (sd.paramGroups.length !== this.paramGroups.length)
      throw new ArgumentError(`${where}: the state dict has ${sd.paramGroups.length} parameter groups, this optimizer ${this.paramGroups.length}`);
    if (sd.state.length !== sd.paramGroups.length)
      throw new ArgumentError(`${where}: the state dict has ${sd.state.length} group states for ${sd.paramGroups.length} parameter groups`);
    const updates = sd.paramGroups.map((saved, i) => {
      const group = this.paramGroups[i]!;
      if (saved === null || typeof saved !== "object" || !Array.isArray(saved.params))
        throw argumentError(where, `paramGroups[${i}]`, "an object { params: number[], ...options }", saved);
      if (saved.params.length !== group.params.length)
        throw new ArgumentError(`${where}: group ${i} has ${saved.params.length} parameters in the state dict, ${group.params.length} here`);
      const current = group as unknown as Record<string, unknown>;
      const patch: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(saved)) {
        if (k === "params") continue;
        const cur = current[k];
        if (v !== null && typeof v === "object" && !Array.isArray(v)) {
          if ("norm" in v) {
            if (!isNorm(cur) || cur.name !== v.norm)
              throw new ArgumentError(`${where}: group ${i} was saved with norm ${v.norm}, this optimizer has ${isNorm(cur) ? cur.name : String(cur)}`);
          } else if (typeof cur !== "function")
            throw new ArgumentError(`${where}: group ${i} option ${k} was a schedule; give this optimizer a schedule for it too`);
        } else patch[k] = Array.isArray(v) ? v.slice() : v;
      }
      const tx = this.transform({ ...this.#options(group), ...patch } as O);
      checkStateLike(sd.state[i], tx.init(group.params), group.params, -1, `${where}: state[${i}]`);
      return patch;
    });
    updates.forEach((patch, i) => Object.assign(this.paramGroups[i]!, patch));
    this.#states = copyState(sd.state) as unknown[];
  }
}
