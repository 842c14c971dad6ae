/**
 * Reverse mode's backward sweep over the graph of `GradNode`s (grad-node.ts).
 *
 * Reverse mode records, for each primitive applied to a tracked value, a `GradNode`: the
 * primitive, its params, its inputs and the values its rule needs (primals, outputs, residuals).
 * Nodes hang off the tensors they produce (`tensor._node`), so a graph lives exactly as long as
 * its outputs are reachable: there is no global tape. Node ids increase in creation order, so
 * sorting the nodes reachable from the outputs by decreasing id is a reverse topological order;
 * the sweep is a loop over that list (no recursion: a 10⁶-op chain is fine). Each node's `vjp` rule
 * runs in the *current* interpreter, which is what makes the backward pass differentiable again.
 *
 * The functional transforms (`vjp`, `grad`, ...) and the eager API (`backward()`) both use
 * `backwardPass`; they differ only in which values count as tracked. A functional transform whose
 * ops are all one-element float64 records them on a compact tape instead (scalar-tape.ts), which
 * `backwardPass` sweeps as numbers, or turns into nodes when the sweep must run rules as tensors.
 */
import { AutogradError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { add } from "../primitives/binary/add.js";
import { currentInterpreter } from "../primitives/bind.js";
import type { MaybeTensor } from "../primitives/primitive.js";
import { scalarFastPath } from "../primitives/rule-helpers.js";
import { scalarTensor, scalarValue, Tensor } from "../tensor/tensor.js";
import { evaluatesPlainly } from "./eval.js";
import { gradMode } from "./grad-mode.js";
import { scalarRuleOf } from "./scalar-rules.js";
import { runGradHooks } from "./run-grad-hooks.js";
import { GradNode, allVersionsZero, type GradHook } from "./grad-node.js";
import { ScalarTape } from "./scalar-tape.js";
import { sortLatestFirst } from "./sort-latest-first.js";

export { GradNode, allVersionsZero, type GradHook };

/** Options of `backwardPass`. */
export interface BackwardOptions {
  /** Which tensors are differentiated: the tracers of one transform, or eager tensors with requiresGrad. */
  tracked: (t: Tensor) => boolean;
  /** Release saved values of each node once used (eager backward without retainGraph). */
  release?: boolean;
  /** Check input versions against those at record time (eager mode). */
  checkVersions?: boolean;
  /** Report the first node whose rule produced NaN or ∞. */
  detectAnomaly?: boolean;
  /**
   * The graph is swept once and never again (a one-shot functional pullback): each node drops its
   * saved values and inputs once used, so memory is given back during the sweep.
   */
  free?: boolean;
}

function accumulate(slot: MaybeTensor | number, ct: Tensor, of: Tensor): Tensor {
  if (slot === null) return ct;
  return add(typeof slot === "number" ? scalarTensor(slot, of.shape, of.dtype) : slot, ct);
}

/** A cotangent as the sweep keeps it: a tensor, or a number for a one-element float64 value. */
type Cotangent = Tensor | number;


let lastSweep = 0;
/** The sweeps now running, innermost last (a backward inside a hook or a rule nests). */
const activeSweeps: number[] = [];

/**
 * Collects every node reachable from `roots`, stamping them with `sweep`, sorted for the sweep
 * (latest first). Per-sweep state lives on the nodes (no maps on the hot path).
 */
function reachableNodes(roots: readonly Tensor[], tracked: (t: Tensor) => boolean, sweep: number): GradNode[] {
  const found: GradNode[] = [];
  // Only nested sweeps (a backward inside a hook or a rule) can meet a node stamped by a running one.
  const nested = activeSweeps.length > 1;
  for (let i = -1; i < found.length; i++) {
    const from = i < 0 ? null : found[i]!;
    const count = from === null ? roots.length : from.nIn;
    for (let j = 0; j < count; j++) {
      const t = from === null ? roots[j]! : from.input(j);
      const n = t._node as GradNode | null;
      if (n === null || n.sweep === sweep || !tracked(t)) continue;
      if (nested && activeSweeps.includes(n.sweep))
        throw new AutogradError(`a backward pass reached '${n.prim.name}' while another backward pass through it was still running`);
      n.sweep = sweep;
      n.ct = null;
      n.cts = null;
      found.push(n);
    }
  }
  // Breadth-first order from the roots is often already latest-first (chains): no sort then. Small
  // graphs are sorted by insertion, which allocates nothing (Array.prototype.sort copies).
  for (let i = 1; i < found.length; i++) {
    if (found[i - 1]!.id > found[i]!.id) continue;
    sortLatestFirst(found, found.length, i);
    break;
  }
  return found;
}

function badValue(t: Tensor): boolean {
  const d = t._concrete()._data!;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return true;
  return false;
}

/** Adds `ct` to the cotangent of `t`: its node's output slot, or its leaf entry. */
function addTo(t: Tensor, ct: Tensor, leafCts: Map<Tensor, Cotangent>): void {
  const node = t._node as GradNode | null;
  if (node === null) {
    const prev = leafCts.get(t);
    leafCts.set(t, prev === undefined ? ct : accumulate(prev, ct, t));
    return;
  }
  if (node.nOut === 1) {
    node.ct = accumulate(node.ct, ct, t);
    return;
  }
  let slots = node.cts;
  if (slots === null) {
    const n = node.nOut;
    slots = node.cts = new Array<MaybeTensor>(n);
    for (let i = 0; i < n; i++) slots[i] = null;
  }
  slots[t._outputIndex] = accumulate(slots[t._outputIndex] ?? null, ct, t);
}

/**
 * Adds the number `v` to the cotangent of `t` (a one-element float64 value), keeping it a number
 * while every contribution so far was one: the same additions, in the same order, as `addTo`.
 */
function addNumberTo(t: Tensor, v: number, leafCts: Map<Tensor, Cotangent>): void {
  const node = t._node as GradNode | null;
  if (node === null) {
    const prev = leafCts.get(t);
    leafCts.set(t, prev === undefined ? v : typeof prev === "number" ? prev + v : add(prev, scalarTensor(v, t.shape, t.dtype)));
  } else if (node.nOut === 1) {
    const prev = node.ct;
    node.ct = prev === null ? v : typeof prev === "number" ? prev + v : add(prev, scalarTensor(v, t.shape, t.dtype));
  } else addTo(t, scalarTensor(v, t.shape, t.dtype), leafCts);
}

/** `t`'s value when it is a concrete one-element float64 of `shape` that no recording would see; else undefined. */
function plainScalar(t: Tensor, shape: Tensor["shape"], gradOn: boolean): number | undefined {
  if (t.dtype !== "float64" || t._owner !== null || (gradOn && t.requiresGrad)) return undefined;
  if (t.shape !== shape && !shapesEqual(t.shape, shape)) return undefined;
  return scalarValue(t);
}

const scalarOut = new Float64Array(2);

/**
 * The sweep's scalar path for one node: when the node is a one- or two-input primitive with a
 * float64 scalar rule (scalar-rules.ts) and its cotangent, inputs and output are one-element float64
 * values of one shape that no recording sees, computes its input cotangents as numbers (no tensor,
 * no dispatch) and adds them to its inputs. Returns false, touching nothing, when it does not apply.
 */
function scalarStep(node: GradNode, tracked: (t: Tensor) => boolean, leafCts: Map<Tensor, Cotangent>, gradOn: boolean): boolean {
  const rule = scalarRuleOf(node.prim);
  if (rule === undefined) return false;
  const y = node.output0();
  const n = node.nIn;
  if (y === null || n === 0 || n > 2) return false;
  const shape = y.shape;
  const yv = plainScalar(y, shape, gradOn);
  if (yv === undefined) return false;
  const ct = node.ct;
  const c = typeof ct === "number" ? ct : ct === null ? undefined : plainScalar(ct, shape, gradOn);
  if (c === undefined) return false;
  const a = plainScalar(node.primal(0), shape, gradOn);
  if (a === undefined) return false;
  let b = 0;
  if (n === 2) {
    const bv = plainScalar(node.primal(1), shape, gradOn);
    if (bv === undefined) return false;
    b = bv;
  }
  rule.vjp(c, a, b, yv, scalarOut);
  const ct0 = scalarOut[0]!;
  const ct1 = scalarOut[1]!;
  node.ct = null;
  const in0 = node.input(0);
  if (tracked(in0)) addNumberTo(in0, ct0, leafCts);
  if (n === 2) {
    const in1 = node.input(1);
    if (tracked(in1)) addNumberTo(in1, ct1, leafCts);
  }
  return true;
}

/** Takes the output cotangents a sweep left on `node` (null when none reached it). */
function takeCotangents(node: GradNode): MaybeTensor[] | null {
  if (node.nOut === 1) {
    const ct = node.ct;
    if (ct === null) return null;
    node.ct = null;
    if (typeof ct === "number") {
      const y = node.output0()!;
      return [scalarTensor(ct, y.shape, y.dtype)];
    }
    return [ct];
  }
  const cts = node.cts;
  node.cts = null;
  return cts;
}

/**
 * Propagates `seeds` (cotangents of `roots`) backwards and returns the cotangent of every tracked
 * leaf reached (tracked tensors without a node). Rules run in the current interpreter.
 */
export function backwardPass(rootsIn: readonly Tensor[], seeds: readonly Tensor[], opts: BackwardOptions): Map<Tensor, Tensor> {
  let roots = rootsIn;
  const tracked = opts.tracked;
  const release = opts.release === true;
  const versions = opts.checkVersions === true;
  const anomaly = opts.detectAnomaly === true;
  const free = opts.free === true;
  const sweep = ++lastSweep;
  // NOTE: the scalar path runs only where the rules' own operations would be recorded by nobody
  // (at the bottom of the interpreter stack, no anomaly detection, the backend's scalar fast path
  // on); each node still checks that it is a plain float64 scalar (scalarStep).
  const scalar = !anomaly && scalarFastPath() && evaluatesPlainly(currentInterpreter());
  const gradOn = gradMode.enabled;
  const tape = liveTapeOf(roots, tracked);
  if (tape !== null) {
    const swept = scalar && !release && !versions ? tape.sweep(roots, seeds, tracked, gradOn, free) : null;
    if (swept !== null) return swept;
    tape.materialize();
  }
  // A compact tape's tracers stand for their rows' nodes once it materialized.
  for (let i = 0; i < roots.length; i++) {
    const n = roots[i]!._node;
    if (n instanceof ScalarTape) roots = n.resolveAll(roots);
  }
  const leafCts = new Map<Tensor, Cotangent>();
  activeSweeps.push(sweep);
  let nodes: GradNode[] = [];
  try {
    nodes = reachableNodes(roots, tracked, sweep);
    for (let i = 0; i < roots.length; i++) if (tracked(roots[i]!)) addTo(roots[i]!, seeds[i]!, leafCts);
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k]!;
      if (node.nOut === 1 ? node.ct === null : node.cts === null) continue;
      if (node.released)
        throw new AutogradError(
          `backward through '${node.prim.name}' a second time: its saved values were freed by the first backward. ` +
            `Pass { retainGraph: true } to the first backward() to keep them.`,
        );
      if (versions && node.versions !== null) checkVersions(node);
      if (scalar && node.hooks === null && scalarStep(node, tracked, leafCts, gradOn)) {
        if (free) {
          node.free();
          nodes[k] = undefined as unknown as GradNode;
        } else if (release) node.release();
        continue;
      }
      const cts = takeCotangents(node)!;
      if (node.hooks !== null)
        for (const [i, hooks] of node.hooks) if (cts[i] != null) cts[i] = runGradHooks(hooks, cts[i]!);
      const inputs = node.inputs;
      const inCts = node.prim.vjp(node.primals(), node.outputs(), cts, node.params, node.residuals, neededInputs(inputs, tracked));
      if (free) {
        node.free();
        // NOTE: the sweep's own list must not keep the passed part of the graph alive either.
        nodes[k] = undefined as unknown as GradNode;
      } else if (release) node.release();
      for (let i = 0; i < inputs.length; i++) {
        const ct = inCts[i];
        const input = inputs[i]!;
        if (ct == null || !tracked(input)) continue;
        if (ct.shape !== input.shape && !shapesEqual(ct.shape, input.shape))
          throw new Error(
            `internal error: the vjp rule of '${node.prim.name}' returned a cotangent of shape ${showShape(ct.shape)} ` +
              `for input ${i} of shape ${showShape(input.shape)}`,
          );
        if (anomaly && badValue(ct))
          throw new AutogradError(
            `anomaly: the backward of '${node.prim.name}' produced NaN or ∞ in the gradient of its input ${i}` +
              (node.creationSite ? `. The forward op was created at:\n${node.creationSite}` : ""),
          );
        addTo(input, ct, leafCts);
      }
    }
  } finally {
    const at = activeSweeps.lastIndexOf(sweep);
    if (at === activeSweeps.length - 1) activeSweeps.pop();
    else activeSweeps.splice(at, 1);
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k];
      if (node === undefined) continue;
      node.ct = null;
      node.cts = null;
    }
  }
  for (const [t, ct] of leafCts) if (typeof ct === "number") leafCts.set(t, scalarTensor(ct, t.shape, t.dtype));
  return leafCts as Map<Tensor, Tensor>;
}

/**
 * `backwardPass` for a one-shot functional pullback whose roots lie on a live compact tape: writes
 * the cotangent of each of `leaves` (the transform's input tracers; null for an input not
 * differentiated) into `out[i]`, undefined where none reached it, and returns true; false, having
 * changed nothing, where the tape's numeric sweep does not apply (the caller runs `backwardPass`).
 */
export function tapePullback(roots: readonly Tensor[], seeds: readonly Tensor[], tracked: (t: Tensor) => boolean, leaves: readonly (Tensor | null)[], out: (Tensor | undefined)[]): boolean {
  const tape = liveTapeOf(roots, tracked);
  if (tape === null || !scalarFastPath() || !evaluatesPlainly(currentInterpreter())) return false;
  return tape.sweepLeaves(roots, seeds, tracked, gradMode.enabled, true, leaves, out);
}

/** The live compact tape (scalar-tape.ts) that a tracked root was recorded on, or null. */
function liveTapeOf(roots: readonly Tensor[], tracked: (t: Tensor) => boolean): ScalarTape | null {
  for (let i = 0; i < roots.length; i++) {
    const n = roots[i]!._node;
    if (n instanceof ScalarTape && n.live && tracked(roots[i]!)) return n;
  }
  return null;
}

/** Which of `inputs` need a cotangent (undefined when all do, the common case). */
function neededInputs(inputs: readonly Tensor[], tracked: (t: Tensor) => boolean): boolean[] | undefined {
  for (let i = 0; i < inputs.length; i++) if (!tracked(inputs[i]!)) return inputs.map(tracked);
  return undefined;
}

function checkVersions(node: GradNode): void {
  const primals = node.primals();
  const versions = node.versions!;
  for (let i = 0; i < primals.length; i++) {
    const p = primals[i]!;
    const recorded = versions[i] ?? 0;
    if (p._version !== recorded)
      throw new AutogradError(
        `a value saved for the backward of '${node.prim.name}' (input ${i}, shape ${showShape(p.shape)}) was modified ` +
          `by assign() after it was used (version ${recorded} → ${p._version}); the gradient would be wrong. ` +
          `Recompute the forward pass after updating it.`,
      );
  }
}
