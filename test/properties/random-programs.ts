// Random expression graphs for the property tests: a program is a DAG of ops drawn from a table of
// smooth, domain-safe unary and binary ops and reductions, over 1–3 float64 inputs whose shapes all
// broadcast to one base shape [m, n] (so any two values can meet in a binary op). Programs print
// themselves readably, so a shrunk counterexample is a small program one can read and rerun.
import fc from "fast-check";
import {
  add, atan, broadcastTo, checkpoint, cos, div, erf, exp, flip, gather, log1p, logSoftmax, logsumexp, matmul, mean, mul, neg, pad,
  pow, prod, reshape, sigmoid, sin, sinh, slice, softmax, softplus, split, sqrt, square, sub, sum, tanh, tensor, variance, where,
  type Tensor,
} from "../../src/index.js";

type Shape = readonly number[];

/** One entry of the op table; `axis` is already resolved against the operand's rank. */
interface OpDef {
  readonly name: string;
  readonly arity: 1 | 2;
  /** Needs an axis (reductions, softmax, flip); on a rank-0 operand the node becomes `sum` (identity). */
  readonly axial?: "reduce" | "keep";
  apply(args: readonly Tensor[], axis: number | null, base: Shape): Tensor;
  /** How the node prints, given its argument names and resolved axis. */
  show?(args: readonly string[], axis: number | null): string;
}

const unary = (name: string, f: (x: Tensor) => Tensor, show?: (a: string) => string): OpDef => ({
  name, arity: 1, apply: ([x]) => f(x!), ...(show ? { show: ([a]) => show(a!) } : {}),
});
const binary = (name: string, f: (a: Tensor, b: Tensor) => Tensor, show?: (a: string, b: string) => string): OpDef => ({
  name, arity: 2, apply: ([a, b]) => f(a!, b!), ...(show ? { show: ([a, b]) => show(a!, b!) } : {}),
});
/** A reduction along `axis` with keepdims (so the result still broadcasts), or over all axes when axis is null. */
const reduction = (name: string, f: (x: Tensor, axis: number | undefined, keepdims: boolean) => Tensor): OpDef => ({
  name, arity: 1, axial: "reduce",
  apply: ([x], axis) => (axis === null ? f(x!, undefined, false) : f(x!, axis, true)),
  show: ([a], axis) => (axis === null ? `${name}(${a})` : `${name}(${a}, axis=${axis}, keepdims)`),
});
/** A shape-preserving op along one axis. */
const alongAxis = (name: string, f: (x: Tensor, axis: number) => Tensor): OpDef => ({
  name, arity: 1, axial: "keep",
  apply: ([x], axis) => f(x!, axis!),
  show: ([a], axis) => `${name}(${a}, axis=${axis})`,
});

/** A fixed n×n matrix for the `affine` op: entries in [-0.75, 0.75], not symmetric. */
export function affineMatrix(n: number): Tensor {
  return tensor(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (((i * 3 + j * 5 + 1) % 7) - 3) / 4)), { dtype: "float64" });
}

/** A fixed checkerboard mask of the base shape for `select` (a `where` that is smooth in both branches). */
export function checkerboard(base: Shape): Tensor {
  return tensor(Array.from({ length: base[0]! }, (_, i) => Array.from({ length: base[1]! }, (_, j) => (i + j) % 2 === 0)));
}

/** x moved by one place along `axis`: the last entry wraps around to the front (gather with a rotated index). */
function roll(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis]!;
  return gather(x, Array.from({ length: n }, (_, i) => (i + n - 1) % n), axis);
}

/** x moved by one place along `axis`, a zero entering at the front (pad then slice). */
function shift(x: Tensor, axis: number): Tensor {
  const widths = x.shape.map((_, i): [number, number] => (i === axis ? [1, 0] : [0, 0]));
  return slice(pad(x, widths), x.shape.map(() => 0), x.shape.slice());
}

const tanhTimes = checkpoint(function tanhTimes(a: Tensor, b: Tensor) {
  return mul(tanh(a), b);
});

/** Every op is smooth on all of ℝ (or on the values it can receive), so finite differences apply everywhere. */
export const OPS: readonly OpDef[] = [
  unary("sin", sin),
  unary("cos", cos),
  unary("tanh", tanh),
  unary("sigmoid", sigmoid),
  unary("atan", atan),
  unary("erf", erf),
  unary("softplus", softplus),
  unary("square", square),
  unary("exp", exp),
  unary("sinh", sinh),
  unary("neg", neg),
  unary("scale", (x) => mul(x, 0.5), (a) => `mul(${a}, 0.5)`),
  unary("log1pSquare", (x) => log1p(square(x)), (a) => `log1p(square(${a}))`),
  unary("sqrtOnePlusSquare", (x) => sqrt(add(1, square(x))), (a) => `sqrt(add(1, square(${a})))`),
  binary("add", add),
  binary("sub", sub),
  binary("mul", mul),
  binary("safeDiv", (a, b) => div(a, add(1, square(b))), (a, b) => `div(${a}, add(1, square(${b})))`),
  binary("powSafe", (a, b) => pow(add(1, square(a)), b), (a, b) => `pow(add(1, square(${a})), ${b})`),
  binary("checkpoint", tanhTimes, (a, b) => `checkpoint((a, b) => mul(tanh(a), b))(${a}, ${b})`),
  {
    name: "select", arity: 2,
    apply: ([a, b], _axis, base) => where(checkerboard(base), a!, b!),
    show: ([a, b]) => `where(checkerboard, ${a}, ${b})`,
  },
  reduction("sum", sum),
  reduction("mean", mean),
  reduction("logsumexp", logsumexp),
  reduction("prod", prod),
  reduction("variance", (x, axis, keepdims) => variance(x, axis, keepdims)),
  alongAxis("softmax", softmax),
  alongAxis("logSoftmax", logSoftmax),
  alongAxis("flip", flip),
  alongAxis("roll", roll),
  alongAxis("shift", shift),
  {
    name: "affine", arity: 1,
    apply: ([x], _axis, base) => matmul(broadcastTo(x!, base), affineMatrix(base[1]!)),
    show: ([a]) => `matmul(broadcastTo(${a}, base), C)`,
  },
];

/** Raw node choices as fast-check draws them; references count back from the newest value. */
export interface NodeDraw {
  readonly op: number;
  readonly a: number;
  readonly b: number;
  readonly axis: number;
}

interface Node {
  readonly op: OpDef;
  readonly args: readonly number[];
  readonly axis: number | null;
  readonly shape: Shape;
}

/** Input shapes that broadcast to [m, n]. */
const inputShapes = (m: number, n: number): Shape[] => [[], [n], [1, n], [m, 1], [m, n]];

const size = (s: Shape): number => s.reduce((a, b) => a * b, 1);

function broadcast(a: Shape, b: Shape): number[] {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const da = a[i - (r - a.length)] ?? 1;
    const db = b[i - (r - b.length)] ?? 1;
    return da === 1 ? db : da;
  });
}

const fmt = (x: number): string => (Object.is(x, -0) ? "-0" : String(Number(x.toPrecision(6))));

function showValues(data: readonly number[], shape: Shape): string {
  if (shape.length === 0) return fmt(data[0]!);
  if (shape.length === 1) return `[${data.map(fmt).join(", ")}]`;
  const n = shape[1]!;
  return `[${Array.from({ length: shape[0]! }, (_, i) => `[${data.slice(i * n, (i + 1) * n).map(fmt).join(", ")}]`).join(", ")}]`;
}

/** A random program: inputs (shapes and float64 values) and a list of nodes; the last value is the output. */
export class Program {
  readonly base: Shape;
  readonly inputShapes: readonly Shape[];
  readonly inputData: readonly (readonly number[])[];
  readonly nodes: readonly Node[];

  constructor(m: number, n: number, kinds: readonly number[], pool: readonly number[], draws: readonly NodeDraw[]) {
    this.base = [m, n];
    this.inputShapes = kinds.map((k) => inputShapes(m, n)[k % 5]!);
    let offset = 0;
    this.inputData = this.inputShapes.map((s) => {
      const d = pool.slice(offset, offset + size(s));
      offset += size(s);
      return d;
    });
    const shapes: Shape[] = [...this.inputShapes];
    const nodes: Node[] = [];
    for (const d of draws) {
      const count = shapes.length;
      const a = count - 1 - (d.a % count);
      const b = count - 1 - (d.b % count);
      let op = OPS[d.op % OPS.length]!;
      const x = shapes[a]!;
      if (op.axial && x.length === 0) op = OPS.find((o) => o.name === "sum")!; // nothing to act along: identity
      let axis: number | null = null;
      let shape: Shape;
      if (op.name === "select") shape = broadcast(this.base, broadcast(x, shapes[b]!));
      else if (op.arity === 2) shape = broadcast(x, shapes[b]!);
      else if (op.name === "affine") shape = this.base;
      else if (op.axial === "reduce") {
        const k = d.axis % (x.length + 1);
        axis = k === x.length ? null : k;
        shape = axis === null ? [] : x.map((e, i) => (i === axis ? 1 : e));
      } else if (op.axial === "keep") {
        axis = d.axis % x.length;
        shape = x;
      } else shape = x;
      nodes.push({ op, args: op.arity === 2 ? [a, b] : [a], axis, shape });
      shapes.push(shape);
    }
    this.nodes = nodes;
  }

  get numInputs(): number {
    return this.inputShapes.length;
  }

  get outputShape(): Shape {
    return this.nodes.length > 0 ? this.nodes[this.nodes.length - 1]!.shape : this.inputShapes[0]!;
  }

  /** The inputs as float64 tensors. */
  inputs(): Tensor[] {
    return this.inputData.map((d, i) => tensor(d.slice(), { dtype: "float64", shape: this.inputShapes[i]!.slice() }));
  }

  /** Runs the program on `xs` (concrete tensors or tracers); returns every value, inputs first. */
  values(xs: readonly Tensor[]): Tensor[] {
    const vals = [...xs];
    for (const node of this.nodes) vals.push(node.op.apply(node.args.map((i) => vals[i]!), node.axis, this.base));
    return vals;
  }

  /** The program as a function of its inputs. */
  run(xs: readonly Tensor[]): Tensor {
    const vals = this.values(xs);
    return vals[vals.length - 1]!;
  }

  /** The program as a function of one flat vector holding all inputs (for Hessians as one matrix). */
  runFlat(v: Tensor): Tensor {
    const sizes = this.inputShapes.map(size);
    const parts = sizes.length === 1 ? [v] : split(v, sizes);
    return this.run(parts.map((p, i) => reshape(p, this.inputShapes[i]!)));
  }

  /** All inputs concatenated into one float64 vector. */
  flatInput(): Tensor {
    return tensor(this.inputData.flat(), { dtype: "float64" });
  }

  toString(): string {
    const name = (i: number): string => (i < this.numInputs ? `x${i}` : `v${i}`);
    const lines = [`program over base shape [${this.base.join(", ")}]:`];
    this.inputShapes.forEach((s, i) => lines.push(`  x${i}: [${s.join(", ")}] = ${showValues(this.inputData[i]!, s)}`));
    this.nodes.forEach((node, k) => {
      const args = node.args.map(name);
      const text = node.op.show ? node.op.show(args, node.axis) : `${node.op.name}(${args.join(", ")})`;
      lines.push(`  v${this.numInputs + k} = ${text}`.padEnd(56) + `  # [${node.shape.join(", ")}]`);
    });
    lines.push(`  return ${name(this.numInputs + this.nodes.length - 1)}`);
    if (this.nodes.some((n) => n.op.name === "affine")) lines.push(`  with C = ${affineMatrix(this.base[1]!).toString()}`);
    if (this.nodes.some((n) => n.op.name === "select")) lines.push(`  with checkerboard = ${checkerboard(this.base).toString()}`);
    return lines.join("\n");
  }

  [fc.toStringMethod](): string {
    return "\n" + this.toString() + "\n";
  }
}

/** Largest |value| over all inputs and intermediates (NaN or ∞ give ∞). */
export function maxMagnitude(p: Program): number {
  let m = 0;
  for (const v of p.values(p.inputs()))
    for (const x of v.data()) m = Number.isFinite(x) ? Math.max(m, Math.abs(x)) : Infinity;
  return m;
}

const MAX_INPUTS = 3;

/** Random programs: base shape up to 3×3, 1–3 inputs, 1–`maxNodes` nodes, inputs in [-1.5, 1.5]. */
export function programArb(maxNodes = 7): fc.Arbitrary<Program> {
  // Multiples of 0.001: readable in a counterexample, shrinking towards 0.
  const value = fc.integer({ min: -1500, max: 1500 }).map((k) => k / 1000);
  const node = fc.record({ op: fc.nat(OPS.length - 1), a: fc.nat(9), b: fc.nat(9), axis: fc.nat(2) });
  return fc
    .record({
      m: fc.integer({ min: 1, max: 3 }),
      n: fc.integer({ min: 1, max: 3 }),
      kinds: fc.array(fc.nat(4), { minLength: 1, maxLength: MAX_INPUTS }),
      pool: fc.array(value, { minLength: 9 * MAX_INPUTS, maxLength: 9 * MAX_INPUTS }),
      nodes: fc.array(node, { minLength: 1, maxLength: maxNodes }),
    })
    .map(({ m, n, kinds, pool, nodes }) => new Program(m, n, kinds, pool, nodes));
}
