import { ArgumentError, ShapeError } from "../core/errors.js";
import { argumentError, checkBoolean, checkOptions, describeValue } from "../core/validate.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { cast } from "../ops/cast.js";
import { assign, detach } from "../eager/leaf-ops.js";
import { noGrad } from "../eager/grad-mode.js";
import { Tensor } from "../tensor/tensor.js";

/** A module's tensors by dotted name (`"0.weight"`, `"encoder.layers.1.bias"`), in definition order. */
export type StateDict = Record<string, Tensor>;

/** A module of any signature (what `children()`, `modules()` and containers hold). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any[], unknown>;

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Raise on missing or unexpected keys (default true); shape mismatches always raise. */
  strict?: boolean;
}

/** What `loadStateDict` did not match (both empty when strict). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Where a discovered tensor lives: the object that holds it and the key it is held under. */
interface Slot {
  readonly owner: object;
  readonly key: string | number;
}

/**
 * The base class of layers and models (PyTorch's `nn.Module`). Subclasses keep their parameters,
 * buffers and sub-modules in ordinary fields and implement `forward`; nothing needs registering:
 *
 * - a field holding a **Tensor with `requiresGrad`** is a parameter (`parameters()`, the optimizer's input);
 * - a field holding **any other Tensor** is a buffer (state that is saved but not trained, like
 *   BatchNorm's running statistics);
 * - a field holding a **Module** is a sub-module; **arrays** of modules or tensors are walked too
 *   (their entries are named by index, `layers.0.weight`);
 * - fields whose names start with `_` are private and never discovered.
 *
 * Names are dotted paths of field names, in the order the fields were assigned. A tensor or module
 * reachable twice (shared weights) is reported once, under its first name.
 *
 * @example
 * class MLP extends nn.Module {
 *   fc1 = new nn.Linear(784, 128);
 *   fc2 = new nn.Linear(128, 10);
 *   forward(x: Tensor) { return this.fc2.forward(relu(this.fc1.forward(x))); }
 * }
 * const model = new MLP();
 * model.namedParameters().map(([name]) => name); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Training mode (the default) or evaluation mode; changed with `train()` and `eval()`. */
  training = true;

  /** The computation; call it directly: `model.forward(x)`. */
  abstract forward(...inputs: In): Out;

  /** The direct sub-modules with their field names (array entries as `field.i`). */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (key.startsWith("_")) continue;
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value)) collectArray(value, key, (name, v) => v instanceof Module && out.push([name, v]));
    }
    return out;
  }

  /** This module and every sub-module, depth first, with dotted names ("" for this one). */
  namedModules(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const visit = (m: AnyModule, prefix: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([prefix, m]);
      for (const [name, child] of m.namedChildren()) visit(child, prefix === "" ? name : `${prefix}.${name}`);
    };
    visit(this as unknown as AnyModule, "");
    return out;
  }

  /** This module and every sub-module, depth first. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter (tensor field with `requiresGrad`) with its dotted name, shared ones once. */
  namedParameters(): [string, Tensor][] {
    return this.namedTensors().filter(([, t]) => t.requiresGrad);
  }

  /** Every parameter, in definition order: what an optimizer updates. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer (tensor field without `requiresGrad`) with its dotted name. */
  namedBuffers(): [string, Tensor][] {
    return this.namedTensors().filter(([, t]) => !t.requiresGrad);
  }

  /** Every tensor field (parameters and buffers) with its dotted name, shared ones once. */
  namedTensors(): [string, Tensor][] {
    return this.tensorSlots().map(([name, slot]) => [name, read(slot)]);
  }

  /** The number of trainable scalars. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /**
   * Parameters and buffers by dotted name, as detached snapshots: later optimizer steps (which
   * replace values through `assign`) do not change a state dict taken earlier.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, t] of this.namedTensors()) out[name] = noGrad(() => detach(t));
    return out;
  }

  /**
   * Copies values from `state` into this module's parameters and buffers (in place, through
   * `assign`, so optimizers holding the parameters keep working). Values are cast to each tensor's
   * dtype. Raises one error listing every missing key, unexpected key and shape mismatch; with
   * `{ strict: false }` missing and unexpected keys are returned instead.
   */
  loadStateDict(state: StateDict, opts: LoadStateDictOptions = {}): LoadStateDictResult {
    // NOTE: all or nothing: every key, value, shape and target is checked and every value converted
    // to its target's dtype before the first assignment, so no failure can leave a partial load.
    const where = `loadStateDict into ${this.constructor.name}`;
    if (state === null || typeof state !== "object" || Array.isArray(state) || state instanceof Tensor)
      throw argumentError(`${this.constructor.name}.loadStateDict`, "state", "a state dict (an object of tensors by name, from stateDict())", state);
    const strict = checkBoolean(checkOptions<LoadStateDictOptions>(opts, `${this.constructor.name}.loadStateDict`).strict ?? true, `${this.constructor.name}.loadStateDict`, "strict");
    const own = new Map(this.namedTensors());
    const missingKeys = [...own.keys()].filter((k) => !Object.prototype.hasOwnProperty.call(state, k));
    const unexpectedKeys = Object.keys(state).filter((k) => !own.has(k));
    const problems: string[] = [];
    const mismatched: string[] = [];
    const ready: [Tensor, Tensor][] = [];
    for (const [name, target] of own) {
      if (!Object.prototype.hasOwnProperty.call(state, name)) continue;
      const value: unknown = state[name];
      if (!(value instanceof Tensor)) problems.push(`"${name}" is not a Tensor (got ${describeValue(value)})`);
      else if (!shapesEqual(value.shape, target.shape))
        mismatched.push(`"${name}": the module has ${showShape(target.shape)}, the state dict ${showShape(value.shape)}`);
      else if (value._owner !== null) problems.push(`"${name}" is a transform's tracer, not a concrete tensor`);
      else if (target._owner !== null || target._node !== null)
        problems.push(`the module's "${name}" is not a leaf tensor (it was computed by an op or is a transform's tracer) and cannot be loaded in place`);
      else ready.push([target, noGrad(() => (value.dtype === target.dtype ? value : cast(value, target.dtype)))]);
    }
    if (strict && missingKeys.length > 0) problems.push(`missing keys (in the module, not in the state dict): ${missingKeys.map((k) => `"${k}"`).join(", ")}`);
    if (strict && unexpectedKeys.length > 0) problems.push(`unexpected keys (in the state dict, not in the module): ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}`);
    if (mismatched.length > 0) problems.push(`shape mismatch for ${mismatched.join("; ")}`);
    if (problems.length > 0) {
      const message = `${where}: ${problems.join(". ")}. Nothing was loaded.`;
      throw mismatched.length > 0 && problems.length === 1 ? new ShapeError(message) : new ArgumentError(message);
    }
    noGrad(() => {
      for (const [target, value] of ready) assign(target, value);
    });
    return { missingKeys, unexpectedKeys };
  }

  /** Sets training mode on this module and every sub-module (Dropout and BatchNorm behave differently); returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clears `.grad` of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** The layer's settings for `toString()` (`"in=784, out=10"`); override in layers. */
  extraRepr(): string {
    return "";
  }

  /** A PyTorch-style outline of the module tree. */
  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (children.length === 0) return `${head})`;
    const lines = children.map(([name, m]) => `  (${name}): ${m.toString().replace(/\n/g, "\n  ")}`);
    return `${head}\n${lines.join("\n")}\n)`;
  }

  /**
   * The name under which the tensor in field `field` appears in `namedParameters()`, `stateDict()`
   * and saved files (default: the field name). Layers override it where PyTorch's name differs from
   * the TypeScript field (BatchNorm's `runningMean` is `running_mean`), so that state dicts and
   * safetensors files interchange with PyTorch's.
   */
  protected tensorName(field: string): string {
    return field;
  }

  /** @internal Where each discovered tensor lives, by dotted name (shared tensors once). */
  tensorSlots(): [string, Slot][] {
    const out: [string, Slot][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      const add = (name: string, slot: Slot): void => {
        const t = read(slot);
        if (seen.has(t)) return;
        seen.add(t);
        out.push([prefix === "" ? name : `${prefix}.${name}`, slot]);
      };
      for (const [key, value] of Object.entries(m)) {
        if (key.startsWith("_")) continue;
        if (value instanceof Tensor) add(m.tensorName(key), { owner: m, key });
        else if (Array.isArray(value)) collectArraySlots(value, m.tensorName(key), (name, slot) => add(name, slot));
      }
    }
    return out;
  }
}

function read(slot: Slot): Tensor {
  return (slot.owner as Record<string | number, Tensor>)[slot.key]!;
}

function collectArray(values: readonly unknown[], prefix: string, visit: (name: string, value: unknown) => void): void {
  values.forEach((v, i) => {
    const name = `${prefix}.${i}`;
    if (Array.isArray(v)) collectArray(v, name, visit);
    else visit(name, v);
  });
}

function collectArraySlots(values: unknown[], prefix: string, visit: (name: string, slot: Slot) => void): void {
  values.forEach((v, i) => {
    const name = `${prefix}.${i}`;
    if (Array.isArray(v)) collectArraySlots(v, name, visit);
    else if (v instanceof Tensor) visit(name, { owner: values, key: i });
  });
}

/**
 * Runs `module.forward(...inputs)` with some of its tensors replaced by `tensors` (by dotted name,
 * as in `namedParameters()`), then puts the originals back — PyTorch's `torch.func.functional_call`.
 * This is how a module meets the functional transforms: differentiate with respect to the values
 * passed in. A tensor shared by several fields is replaced under its first name only.
 *
 * @example
 * const loss = (params: StateDict) => crossEntropy(functionalCall(model, params, x), y);
 * const grads = grad(loss)(Object.fromEntries(model.namedParameters())); // gradients by name
 */
export function functionalCall<In extends unknown[], Out>(module: Module<In, Out>, tensors: StateDict, ...inputs: In): Out {
  const slots = new Map(module.tensorSlots());
  const unknown = Object.keys(tensors).filter((k) => !slots.has(k));
  if (unknown.length > 0)
    throw new Error(`functionalCall: ${module.constructor.name} has no tensor named ${unknown.map((k) => `"${k}"`).join(", ")} (known: ${[...slots.keys()].join(", ")})`);
  const saved: [Slot, Tensor][] = [];
  try {
    for (const [name, value] of Object.entries(tensors)) {
      const slot = slots.get(name)!;
      saved.push([slot, read(slot)]);
      (slot.owner as Record<string | number, Tensor>)[slot.key] = value;
    }
    return module.forward(...inputs);
  } finally {
    for (const [slot, original] of saved.reverse()) (slot.owner as Record<string | number, Tensor>)[slot.key] = original;
  }
}
