import { shapesEqual, type Shape } from "../core/shape.js";
import { scalarTensor, scalarValue, type Tensor } from "../tensor/tensor.js";
import type { GradNode } from "./grad-node.js";
import { scalarRuleOf, type ScalarRule } from "./scalar-rules.js";

/** `t`'s value when it is a concrete one-element float64 of `shape` that no recording would see; else undefined. */
function plainScalar(t: Tensor, shape: Shape, gradOn: boolean): number | undefined {
  if (t.dtype !== "float64" || t._owner !== null || (gradOn && t.requiresGrad)) return undefined;
  if (t.shape !== shape && !shapesEqual(t.shape, shape)) return undefined;
  return scalarValue(t);
}

const NONE = -1 - (1 << 30);
const MAX_LEAVES = 64;
const out2 = new Float64Array(2);

/** Scratch arrays of the sweep, reused (a sweep runs no user code, so it cannot re-enter); a deep graph's are not kept. */
interface Scratch {
  order: Int32Array;
  cts: Float64Array;
  seen: Uint8Array;
}
const SCRATCH_KEPT = 1 << 16;
const newScratch = (n: number): Scratch => ({ order: new Int32Array(n), cts: new Float64Array(n), seen: new Uint8Array(n) });
let scratch = newScratch(256);
const leafCts = new Float64Array(MAX_LEAVES);
const leafSeen = new Uint8Array(MAX_LEAVES);

/** Whether `found` is already latest first (a chain, found from its end). */
function sorted(found: readonly GradNode[]): boolean {
  for (let k = 1; k < found.length; k++) if (found[k - 1]!.id < found[k]!.id) return false;
  return true;
}

/** Sorts the first `count` entries of `order` (indices into `found`) by decreasing node id. */
function sortByDecreasingId(order: Int32Array, count: number, found: readonly GradNode[]): void {
  if (count > 64) {
    order.subarray(0, count).sort((p, q) => found[q]!.id - found[p]!.id);
    return;
  }
  for (let i = 1; i < count; i++) {
    const s = order[i]!;
    const id = found[s]!.id;
    let j = i - 1;
    while (j >= 0 && found[order[j]!]!.id < id) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = s;
  }
}

/**
 * Reverse mode's all-scalar sweep over recorded nodes (the eager graph, or a transform's after its
 * tape turned into nodes): when every node reached from `root` is a one- or two-input primitive with
 * a scalar rule (scalar-rules.ts) on plain one-element float64 values, with no hook, a saved value
 * left and (`checkVersions`) every input at its recorded version, collects them in one walk and
 * sweeps them with numbers in flat arrays. Returns the leaves' cotangents, or null, having changed
 * nothing but the nodes' `sweep` stamps, when any node is not such (the general sweep then runs and
 * reports what it must).
 *
 * NOTE: the numbers are those of the general sweep's scalar path: the rules' own vjps, nodes by
 * decreasing id, input 0 before input 1, leaves in the order of their first contribution.
 */
export function sweepScalarNodes(
  root: Tensor,
  seed: Tensor,
  tracked: (t: Tensor) => boolean,
  stamp: number,
  gradOn: boolean,
  checkVersions: boolean,
  release: boolean,
  free: boolean,
): Map<Tensor, Tensor> | null {
  const first = root._node as GradNode | null;
  if (first === null || !tracked(root)) return null;
  const sv = plainScalar(seed, root.shape, gradOn);
  if (sv === undefined) return null;
  const found: GradNode[] = [first];
  const rules: ScalarRule[] = [];
  /** Per node: a, b, y. */
  const vals: number[] = [];
  /** Per node: its inputs' slots (a node's index in `found`, −1 − a leaf's index, or NONE). */
  const ins: number[] = [];
  const leaves: Tensor[] = [];
  first.sweep = stamp;
  first.slot = 0;
  for (let k = 0; k < found.length; k++) {
    const n = found[k]!;
    const rule = scalarRuleOf(n.prim);
    const nIn = n.nIn;
    const y = n.output0();
    if (rule === undefined || n.hooks !== null || y === null || nIn === 0 || nIn > 2) return null;
    const shape = y.shape;
    const yv = plainScalar(y, shape, gradOn);
    if (yv === undefined) return null;
    const versions = checkVersions ? n.versions : null;
    rules.push(rule);
    let a = 0;
    let b = 0;
    for (let i = 0; i < 2; i++) {
      if (i === nIn) {
        ins.push(NONE);
        break;
      }
      const p = n.primal(i);
      const v = plainScalar(p, shape, gradOn);
      if (v === undefined || (versions !== null && p._version !== (versions[i] ?? 0))) return null;
      if (i === 0) a = v;
      else b = v;
      const t = n.input(i);
      if (!tracked(t)) {
        ins.push(NONE);
        continue;
      }
      const m = t._node as GradNode | null;
      if (m === null) {
        let j = leaves.indexOf(t);
        if (j < 0) {
          // NOTE: leaves are found by a linear search; many leaves go to the general sweep.
          if (leaves.length === MAX_LEAVES) return null;
          j = leaves.push(t) - 1;
        }
        ins.push(-1 - j);
      } else {
        if (m.sweep !== stamp) {
          m.sweep = stamp;
          m.slot = found.length;
          found.push(m);
        }
        ins.push(m.slot);
      }
    }
    vals.push(a, b, yv);
  }
  const count = found.length;
  if (count > scratch.order.length) scratch = newScratch(count);
  const { order, cts, seen } = scratch;
  // NOTE: loops, not fill(): a builtin call costs more than clearing a few entries.
  for (let k = 0; k < count; k++) {
    order[k] = k;
    seen[k] = 0;
  }
  for (let j = 0; j < leaves.length; j++) leafSeen[j] = 0;
  if (!sorted(found)) sortByDecreasingId(order, count, found);
  cts[0] = sv;
  seen[0] = 1;
  /** Leaves in the order of their first contribution (the general sweep's map order). */
  const leafOrder: number[] = [];
  for (let k = 0; k < count; k++) {
    const s = order[k]!;
    const n = found[s]!;
    rules[s]!.vjp(cts[s]!, vals[3 * s]!, vals[3 * s + 1]!, vals[3 * s + 2]!, out2);
    if (free) n.free();
    else if (release) n.release();
    for (let i = 0; i < 2; i++) {
      const to = ins[2 * s + i]!;
      const d = out2[i]!;
      if (to >= 0) {
        if (seen[to] === 0) {
          seen[to] = 1;
          cts[to] = d;
        } else cts[to] += d;
      } else if (to !== NONE) {
        const j = -1 - to;
        if (leafSeen[j] === 1) leafCts[j] += d;
        else {
          leafSeen[j] = 1;
          leafOrder.push(j);
          leafCts[j] = d;
        }
      }
    }
  }
  if (count > SCRATCH_KEPT) scratch = newScratch(256);
  const out = new Map<Tensor, Tensor>();
  for (let k = 0; k < leafOrder.length; k++) {
    const t = leaves[leafOrder[k]!]!;
    out.set(t, scalarTensor(leafCts[leafOrder[k]!]!, t.shape, t.dtype));
  }
  return out;
}
