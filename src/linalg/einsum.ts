import { ArgumentError } from "../core/errors.js";
import { argumentError } from "../core/validate.js";
// einsum in numpy's notation, lowered to diagonal / sum / transpose / reshape / broadcastTo / matmul,
// so it differentiates (to any order) through those ops' rules and needs no rule of its own.
//
// Lowering: (1) parse, expanding "..." into one label per broadcast axis; (2) per operand, take the
// diagonal of repeated labels ("ii" → "i") and sum labels used nowhere else; (3) contract operands
// pairwise, greedily choosing the pair with the smallest result, each contraction one batched
// matmul [B, M, K] @ [B, K, N] after a transpose and a reshape; (4) sum what is left over and
// transpose to the output order.
import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { diagonal } from "../ops/diagonal.js";
import { sum } from "../ops/reductions.js";
import { broadcastTo, reshape, transpose } from "../ops/shape-ops.js";
import { asFloat, promoteAll, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { matmul } from "./matrix-algebra.js";

/** An operand during lowering: a tensor and one label per axis. */
interface Term {
  t: Tensor;
  labels: string[];
}

const ELLIPSIS = "…";

/** Labels of one subscript term (ellipsis axes named "…0", "…1", … right-aligned to `width`). */
function parseTerm(text: string, rank: number | null, width: number, where: string): string[] {
  const parts = text.split("...");
  if (parts.length > 2) throw new ArgumentError(`einsum: ${where} "${text}" has more than one "..."`);
  for (const ch of parts.join(""))
    if (!/[a-zA-Z]/.test(ch)) throw new ArgumentError(`einsum: invalid subscript "${ch}" in ${where} "${text}" (use letters a–z, A–Z and "...")`);
  const head = [...parts[0]!];
  if (parts.length === 1) {
    if (rank !== null && rank !== head.length)
      throw new ShapeError(`einsum: ${where} "${text}" has ${head.length} subscripts for an operand of rank ${rank}`);
    return head;
  }
  const tail = [...parts[1]!];
  const e = rank === null ? width : rank - head.length - tail.length;
  if (e < 0) throw new ShapeError(`einsum: ${where} "${text}" has more subscripts than the operand's rank ${rank}`);
  const ell = Array.from({ length: e }, (_, i) => `${ELLIPSIS}${width - e + i}`);
  return [...head, ...ell, ...tail];
}

/** Puts `labels` (present in `term`) last, in order, and returns the permuted term. */
function moveLast(term: Term, labels: readonly string[]): Term {
  const rest = term.labels.filter((l) => !labels.includes(l));
  const order = [...rest, ...labels];
  const perm = order.map((l) => term.labels.indexOf(l));
  if (perm.every((p, i) => p === i)) return term;
  return { t: transpose(term.t, perm), labels: order };
}

/** Takes diagonals over repeated labels and sums labels that `keep` does not contain. */
function reduceTerm(term: Term, keep: (label: string) => boolean): Term {
  let cur = term;
  for (;;) {
    const dup = cur.labels.find((l, i) => cur.labels.indexOf(l) !== i);
    if (dup === undefined) break;
    const i = cur.labels.indexOf(dup);
    const j = cur.labels.indexOf(dup, i + 1);
    if (cur.t.shape[i] !== cur.t.shape[j])
      throw new ShapeError(`einsum: subscript "${dup}" is repeated in one operand over axes of different sizes ${cur.t.shape[i]} and ${cur.t.shape[j]}`);
    const others = cur.labels.map((_, k) => k).filter((k) => k !== i && k !== j);
    const perm = [...others, i, j];
    const rest = others.map((k) => cur.labels[k]!);
    cur = { t: diagonal(transpose(cur.t, perm), 0, -2, -1), labels: [...rest, dup] };
  }
  const drop = cur.labels.map((l, i) => (keep(l) ? -1 : i)).filter((i) => i >= 0);
  if (drop.length > 0) cur = { t: sum(cur.t, drop), labels: cur.labels.filter((l) => keep(l)) };
  return cur;
}

/** Contracts two terms over their shared labels, keeping the labels in `keep`. */
function contract(x: Term, y: Term, keep: (label: string) => boolean, size: Map<string, number>): Term {
  const shared = x.labels.filter((l) => y.labels.includes(l));
  const batch = shared.filter(keep);
  const summed = shared.filter((l) => !keep(l));
  const xFree = x.labels.filter((l) => !shared.includes(l));
  const yFree = y.labels.filter((l) => !shared.includes(l));
  const full = (term: Term, order: string[]): Tensor => {
    const moved = moveLast(term, order);
    const target = order.map((l) => size.get(l)!);
    return moved.t.shape.every((d, i) => d === target[i]) ? moved.t : broadcastTo(moved.t, target);
  };
  const prod = (ls: string[]) => ls.reduce((p, l) => p * size.get(l)!, 1);
  const [B, M, K, N] = [prod(batch), prod(xFree), prod(summed), prod(yFree)];
  const a = reshape(full(x, [...batch, ...xFree, ...summed]), [B, M, K]);
  const b = reshape(full(y, [...batch, ...summed, ...yFree]), [B, K, N]);
  const labels = [...batch, ...xFree, ...yFree];
  return { t: reshape(matmul(a, b), labels.map((l) => size.get(l)!)), labels };
}

/**
 * Einstein summation in numpy's notation: "ij,jk->ik" (matmul), "ii->" (trace), "ii->i" (diagonal),
 * "bij,bjk->bik" (batch matmul), "i,j->ij" (outer), "i,ij,j->" (bilinear form), "...ij->...ji"
 * (ellipsis: broadcast leading axes). Without "->" the output is every label used exactly once, in
 * alphabetical order, after the ellipsis axes. Size-1 axes broadcast against equal labels. Lowered
 * to transpose/reshape/matmul/sum/diagonal, so all transforms apply.
 *
 * @example
 * einsum("ij,jk->ik", a, b); // matmul(a, b)
 * einsum("ii", a); // trace(a)
 * einsum("...ij,...j->...i", A, x); // batched matrix–vector products
 */
export function einsum(subscripts: string, ...operands: TensorLike[]): Tensor {
  if (typeof subscripts !== "string") throw argumentError("einsum", "subscripts", 'a string such as "ij,jk->ik"', subscripts);
  const spec = subscripts.replace(/\s+/g, "");
  const arrow = spec.indexOf("->");
  const lhs = arrow < 0 ? spec : spec.slice(0, arrow);
  const rhs = arrow < 0 ? null : spec.slice(arrow + 2);
  if (rhs !== null && rhs.includes("->")) throw new ArgumentError(`einsum: "${subscripts}" has more than one "->"`);
  const inputs = lhs.split(",");
  if (inputs.length !== operands.length)
    throw new ShapeError(`einsum: "${subscripts}" names ${inputs.length} operand(s), got ${operands.length}`);
  const ts = promoteAll(operands, "einsum").map(asFloat);
  const width = Math.max(0, ...inputs.map((s, i) => (s.includes("...") ? ts[i]!.ndim - (s.length - 3) : 0)));
  const terms: Term[] = inputs.map((s, i) => ({ t: ts[i]!, labels: parseTerm(s, ts[i]!.ndim, width, `operand ${i}`) }));

  const size = new Map<string, number>();
  const count = new Map<string, number>();
  for (const term of terms)
    term.labels.forEach((l, ax) => {
      const d = term.t.shape[ax]!;
      const prev = size.get(l);
      if (prev !== undefined && prev !== d && prev !== 1 && d !== 1) {
        const name = l.startsWith(ELLIPSIS) ? "the axes under \"...\"" : `subscript "${l}"`;
        throw new ShapeError(`einsum: ${name} has sizes ${prev} and ${d} in "${subscripts}" (shapes ${terms.map((x) => showShape(x.t.shape)).join(", ")})`);
      }
      size.set(l, Math.max(prev ?? d, d));
      count.set(l, (count.get(l) ?? 0) + 1);
    });
  const ellipsisLabels = Array.from({ length: width }, (_, i) => `${ELLIPSIS}${i}`);
  let output: string[];
  if (rhs === null) output = [...ellipsisLabels, ...[...count].filter(([l, c]) => c === 1 && !l.startsWith(ELLIPSIS)).map(([l]) => l).sort()];
  else {
    output = parseTerm(rhs, null, width, "the output");
    if (!rhs.includes("...")) output = output.filter((l) => !l.startsWith(ELLIPSIS));
    const bad = output.find((l, i) => !size.has(l) || output.indexOf(l) !== i);
    if (bad !== undefined)
      throw new ArgumentError(`einsum: output subscript "${bad}" in "${subscripts}" ${size.has(bad) ? "is repeated" : "is not in any operand"}`);
  }

  // Per operand: diagonals, then sum labels that neither the output nor another operand uses.
  let pending = terms.map((term, i) =>
    reduceTerm(term, (l) => output.includes(l) || terms.some((o, j) => j !== i && o.labels.includes(l))),
  );
  while (pending.length > 1) {
    let best: [number, number, number] | null = null;
    for (let i = 0; i < pending.length; i++)
      for (let j = i + 1; j < pending.length; j++) {
        const keep = (l: string) => output.includes(l) || pending.some((o, k) => k !== i && k !== j && o.labels.includes(l));
        const labels = new Set([...pending[i]!.labels, ...pending[j]!.labels].filter(keep));
        const cost = [...labels].reduce((p, l) => p * size.get(l)!, 1);
        if (best === null || cost < best[2]) best = [i, j, cost];
      }
    const [i, j] = best!;
    const keep = (l: string) => output.includes(l) || pending.some((o, k) => k !== i && k !== j && o.labels.includes(l));
    const merged = contract(pending[i]!, pending[j]!, keep, size);
    pending = [...pending.filter((_, k) => k !== i && k !== j), merged];
  }
  let result = reduceTerm(pending[0]!, (l) => output.includes(l));
  result = moveLast(result, output);
  const shape = output.map((l) => size.get(l)!);
  return result.t.shape.every((d, i) => d === shape[i]) ? result.t : broadcastTo(result.t, shape);
}
