import { shapesEqual } from "../core/shape.js";
import { allVersionsZero, GradNode, ScalarGradNode } from "../interpreters/grad-node.js";
import { ScalarOp, scalarRuleByCode, scalarRuleOf, type ScalarRule } from "../interpreters/scalar-rules.js";
import { scalarValue, type Tensor } from "../tensor/tensor.js";
import { sortLatestFirst } from "../interpreters/sort-latest-first.js";

/**
 * The sweep's scratch, reused by every call (no array or map per call): the nodes reached, then the
 * leaves reached and their cotangents. Entries past the counts are cleared, so a
 * swept graph is not kept alive.
 * NOTE: an explicit count instead of `length = 0` and `push`, which reallocate the backing store.
 */
let nodes: GradNode[] = [];
let leaves: Tensor[] = [];
let leafValues: number[] = [];
let nLeaves = 0;
/** Leaves by index in `leaves`, once a sweep reaches more than a linear scan should look through. */
const leafIndex = new Map<Tensor, number>();
const scanLimit = 16;
const inCts = new Float64Array(2);
/** Sweep stamps of this path: negative, so never equal to a general sweep's (positive) stamp. */
let lastStamp = 0;
let enabled = true;

/**
 * @internal Turns the eager scalar sweep on or off (on by default; off only in tests that compare
 * it with the general sweep). Returns the previous setting.
 */
export function setEagerScalarSweep(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

/**
 * `backward(y)`'s sweep on numbers, for an eager graph made only of scalar-rule nodes: leaves the
 * cotangent of every tracked leaf reached in `sweptLeaf(i)`, `sweptCotangent(i)` (numbers, in the
 * order the general sweep first reaches them) and returns how many, or returns −1 having changed
 * nothing when any node or leaf is not plain, and the caller runs the general sweep. The caller
 * calls `clearSweptLeaves()` once it has read them.
 *
 * NOTE: plain means what the general sweep's scalar step (interpreters/reverse.ts) accepts — every
 * node a one-output primitive with a float64 scalar rule, no hooks, saved values not released, one
 * or two inputs that are one-element float64 values of the output's shape, unchanged since record
 * (versions) — and, for the leaves, no hooks. Nodes run in the general sweep's order (decreasing
 * id) and every cotangent is summed in the same order, so the results are the same bits. The caller
 * checks the rest (seed 1, no createGraph, no anomaly detection, no sweep running, the backend's
 * scalar fast path on, evaluation at the bottom of the interpreter stack).
 */
export function scalarBackward(y: Tensor, release: boolean): number {
  if (!enabled) return -1;
  const root = y._node as GradNode;
  if (root instanceof ScalarGradNode) {
    const n = scalarNodesBackward(root, release);
    if (n !== notScalarNodes) return n;
  }
  return mixedBackward(root, release);
}

/** `scalarNodesBackward`'s answer when a node is not a bare `ScalarGradNode` (the mixed sweep then runs). */
const notScalarNodes = -2;

/**
 * The sweep when every node reached is a `ScalarGradNode` recorded on unchanged inputs, with nothing
 * set on it since (no hooks, versions or creation site) and not released: `mixedBackward`'s steps on
 * the nodes' own fields, without the per-node tests that recording already made. Returns
 * `notScalarNodes` having changed nothing when a node is not such a node.
 */
function scalarNodesBackward(root: ScalarGradNode, release: boolean): number {
  // NOTE: the scalar path's switch is global, so one look at the root's rule stands for every node's.
  if (scalarRuleByCode(root.rule.code) !== root.rule) return notScalarNodes;
  const stamp = --lastStamp;
  root.sweep = stamp;
  let count = 0;
  nodes[count++] = root;
  let sorted = true;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    if (!(n instanceof ScalarGradNode) || n.hasExtra || n.released) {
      clearNodes(count);
      return notScalarNodes;
    }
    const a = n.in0!;
    const b = n.in1;
    // NOTE: the last input first, as in `mixedBackward`.
    if (b !== null) {
      if (b._version !== 0) return abandon(count);
      if (b.requiresGrad) {
        const m = b._node as GradNode | null;
        if (m === null) {
          if (b._hooks !== null) return abandon(count);
        } else if (m.sweep !== stamp) {
          m.sweep = stamp;
          m.ct = null;
          if (m.id > nodes[count - 1]!.id) sorted = false;
          nodes[count++] = m;
        }
      }
    }
    if (a._version !== 0) return abandon(count);
    if (a.requiresGrad) {
      const m = a._node as GradNode | null;
      if (m === null) {
        if (a._hooks !== null) return abandon(count);
      } else if (m.sweep !== stamp) {
        m.sweep = stamp;
        m.ct = null;
        if (m.id > nodes[count - 1]!.id) sorted = false;
        nodes[count++] = m;
      }
    }
  }
  if (!sorted) sortLatestFirst(nodes, count);
  root.ct = 1;
  nLeaves = 0;
  for (let i = 0; i < count; i++) {
    const n = nodes[i] as ScalarGradNode;
    const c = n.ct as number | null;
    if (c === null) continue;
    const a = n.in0!;
    const b = n.in1;
    scalarVjp(n.rule, c, scalarValue(a)!, b === null ? 0 : scalarValue(b)!, scalarValue(n.output0()!)!);
    n.ct = null;
    if (release) n.release();
    if (a.requiresGrad) addCotangent(a, inCts[0]!);
    if (b !== null && b.requiresGrad) addCotangent(b, inCts[1]!);
  }
  clearNodes(count);
  if (nLeaves > scanLimit) leafIndex.clear();
  return nLeaves;
}

/**
 * `rule.vjp(ct, a, b, y, inCts)`: the rule itself, called from a call site of its op code's own.
 * NOTE: one call site per op code (the cases differ only in that) keeps each site monomorphic, so the
 * engine inlines the rule there; one shared site sees every rule and makes a full call per node.
 */
function scalarVjp(rule: ScalarRule, ct: number, a: number, b: number, y: number): void {
  const out = inCts;
  switch (rule.code) {
    case ScalarOp.add:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.sub:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.mul:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.div:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.neg:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.log:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.exp:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.sin:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.cos:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.tanh:
      return rule.vjp(ct, a, b, y, out);
    case ScalarOp.sqrt:
      return rule.vjp(ct, a, b, y, out);
    default:
      return rule.vjp(ct, a, b, y, out);
  }
}

/** The sweep for any plain graph (see `scalarBackward`): nodes of either kind, checked one by one. */
function mixedBackward(root: GradNode, release: boolean): number {
  const stamp = --lastStamp;
  root.sweep = stamp;
  let count = 0;
  nodes[count++] = root;
  let sorted = true;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    if (!plainNode(n)) return abandon(count);
    // NOTE: the last input first: operands are usually computed left to right, so this order is
    // often already latest-first and the sort has nothing to do.
    for (let j = n.nIn - 1; j >= 0; j--) {
      const t = n.input(j);
      if (!t.requiresGrad) continue;
      const m = t._node as GradNode | null;
      if (m === null) {
        if (t._hooks !== null) return abandon(count);
      } else if (m.sweep !== stamp) {
        m.sweep = stamp;
        m.ct = null;
        if (m.id > nodes[count - 1]!.id) sorted = false;
        nodes[count++] = m;
      }
    }
  }
  if (!sorted) sortLatestFirst(nodes, count);
  root.ct = 1;
  nLeaves = 0;
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    const c = n.ct as number | null;
    if (c === null) continue;
    const in0 = n.input(0);
    const in1 = n.nIn === 2 ? n.input(1) : null;
    const rule = n instanceof ScalarGradNode ? n.rule : scalarRuleOf(n.prim)!;
    rule.vjp(c, scalarValue(in0)!, in1 === null ? 0 : scalarValue(in1)!, scalarValue(n.output0()!)!, inCts);
    n.ct = null;
    if (release) n.release();
    if (in0.requiresGrad) addCotangent(in0, inCts[0]!);
    if (in1 !== null && in1.requiresGrad) addCotangent(in1, inCts[1]!);
  }
  clearNodes(count);
  if (nLeaves > scanLimit) leafIndex.clear();
  return nLeaves;
}

/** Leaf `i` of the last sweep (`scalarBackward`). */
export function sweptLeaf(i: number): Tensor {
  return leaves[i]!;
}

/** The cotangent of leaf `i` of the last sweep. */
export function sweptCotangent(i: number): number {
  return leafValues[i]!;
}

/** Forgets the last sweep's leaves (so that the scratch keeps no tensor alive). */
export function clearSweptLeaves(): void {
  const n = nLeaves;
  nLeaves = 0;
  if (n > 4096) {
    leaves = [];
    leafValues = [];
  } else for (let i = 0; i < n; i++) leaves[i] = undefined as unknown as Tensor;
}

/** Clears the first `count` node entries; returns −1 (the sweep's "not taken"). */
function abandon(count: number): number {
  clearNodes(count);
  return -1;
}

function clearNodes(count: number): void {
  if (count > 4096) {
    nodes = [];
    return;
  }
  for (let i = 0; i < count; i++) nodes[i] = undefined as unknown as GradNode;
}

/** Adds `v` to the cotangent of the tracked `t`: its node's slot, or its leaf entry. */
function addCotangent(t: Tensor, v: number): void {
  const node = t._node as GradNode | null;
  if (node !== null) {
    const prev = node.ct as number | null;
    node.ct = prev === null ? v : prev + v;
    return;
  }
  const n = nLeaves;
  if (n <= scanLimit) {
    for (let i = 0; i < n; i++)
      if (leaves[i] === t) {
        leafValues[i] = leafValues[i]! + v;
        return;
      }
    if (n === scanLimit) for (let i = 0; i < n; i++) leafIndex.set(leaves[i]!, i);
  } else {
    const i = leafIndex.get(t);
    if (i !== undefined) {
      leafValues[i] = leafValues[i]! + v;
      return;
    }
  }
  if (n >= scanLimit) leafIndex.set(t, n);
  leaves[n] = t;
  leafValues[n] = v;
  nLeaves = n + 1;
}

/** Whether the general sweep's scalar step would take `n` (see `scalarBackward`), its inputs unchanged since record. */
function plainNode(n: GradNode): boolean {
  if (n instanceof ScalarGradNode) {
    // Recorded by the scalar path: dtypes, shapes and sizes were checked then and cannot change.
    const rule = n.rule;
    if (n.released || n.hooks !== null || scalarRuleByCode(rule.code) !== rule) return false;
    const versions = n.versions;
    if (versions === allVersionsZero) {
      if (n.input(0)._version !== 0 || (n.nIn === 2 && n.input(1)._version !== 0)) return false;
      return true;
    }
  }
  if (n.nOut !== 1 || n.hooks !== null) return false;
  if (scalarRuleOf(n.prim) === undefined) return false;
  const o = n.output0();
  if (o === null || o.dtype !== "float64" || scalarValue(o) === undefined) return false;
  const k = n.nIn;
  if (k === 0 || k > 2) return false;
  const versions = n.versions;
  for (let j = 0; j < k; j++) {
    const t = n.input(j);
    if (t._owner !== null || t.dtype !== "float64" || (t.shape !== o.shape && !shapesEqual(t.shape, o.shape))) return false;
    if (scalarValue(t) === undefined) return false;
    if (t._version !== (versions === allVersionsZero || versions === null ? 0 : (versions[j] ?? 0))) return false;
  }
  return true;
}

