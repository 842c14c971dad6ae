import type { DType } from "../core/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { Literal, Variable, type Atom, type Equation } from "../trace/equation.js";
import type { Program } from "../trace/program.js";
import { storeAs, type ElementwiseKernel } from "./elementwise-kernels.js";
import { atomKey, equationKey, numberSource } from "./equation-key.js";
import { isScalarOperand, kernelOf, loopIndex, planSteps, type Loop, type Step } from "./fusion-plan.js";
import type { LeafSignature } from "./signature.js";
import { leafPaths, signatureChecks, treeSource, type PositionalRoot } from "./tree-source.js";
import { uniformValue } from "./uniform-literal.js";
import { loopKernel } from "./wasm/loop-kernel.js";
import { RunnableLoopKernel } from "./wasm/run-loop-kernel.js";

/** Up to this many arguments, the generated function takes them positionally (see `GeneratedSource.positional`). */
export const MAX_POSITIONAL_ARGUMENTS = 4;

/**
 * Generated JavaScript and the values it refers to: `new Function("rt", "K", source)(rt, K)`
 * returns the compiled function, which returns `rt.MISMATCH` for arguments of another signature.
 */
export interface GeneratedSource {
  readonly source: string;
  /** Constants of the code (`K[i]`): primitives, params, shapes, literal tensors and arrays. */
  readonly constants: readonly unknown[];
  /**
   * True: the function is `compiled(argc, arg0, arg1, arg2, arg3)`, the argument count and the arguments
   * (`MAX_POSITIONAL_ARGUMENTS` of them, unused ones undefined); false: `compiled(args)`, the
   * argument list as an array (for more arguments).
   *
   * NOTE: positional for few arguments, so that a call allocates no argument array.
   */
  readonly positional: boolean;
}

const ARRAY: Record<DType, string> = { float32: "Float32Array", float64: "Float64Array", int32: "Int32Array", bool: "Uint8Array" };

/**
 * Straight-line JavaScript for a program: one-element values as JS number locals
 * (`const s3 = Math.log(s1);`), fused elementwise loops over typed arrays, and a call of the
 * primitive's `impl` (the backend kernel) for everything else. The function takes the argument
 * list of the signature and returns the output tree; the program's inputs after the signature's
 * leaves are `captured` tensors, read when the function runs. With `reuseOutputs`, the returned
 * tensors computed by the code itself (one-element values, loop results) are made once and
 * overwritten by every call. With `returnNumbers`, every output (one element each) is returned as
 * its JS number.
 */
export function generateSource(
  p: Program,
  leaves: readonly LeafSignature[],
  captured: readonly Tensor[] = [],
  reuseOutputs = false,
  returnNumbers = false,
): GeneratedSource {
  return new Generator(p, leaves, captured, reuseOutputs, returnNumbers).generate();
}

class Generator {
  private readonly lines: string[] = [];
  private readonly constants: unknown[] = [];
  private readonly constantIds = new Map<unknown, string>();
  private readonly numbers = new Map<Variable, string>();
  private readonly arrays = new Map<Variable, string>();
  private readonly tensors = new Map<Variable, string>();
  /** Arrays allocated once with the function and reused by every call (see `reusable`). */
  private readonly persistent: string[] = [];
  /** Loop results that only generated loops read: their arrays are allocated once. */
  private reusable = new Set<Variable>();

  constructor(
    private readonly p: Program,
    private readonly leaves: readonly LeafSignature[],
    private readonly captured: readonly Tensor[],
    private readonly reuseOutputs: boolean,
    private readonly returnNumbers: boolean = false,
  ) {}

  generate(): GeneratedSource {
    const def = this.p.inputDef;
    const positional = def.kind === "array" && def.children.length <= MAX_POSITIONAL_ARGUMENTS;
    const names = Array.from({ length: MAX_POSITIONAL_ARGUMENTS }, (_, i) => `arg${i}`);
    const root: string | PositionalRoot = positional ? { count: "argc", names } : "args";
    this.lines.push(...signatureChecks(def, root, this.leaves));
    const paths = leafPaths(def, root);
    // NOTE: captured tensors (inputs after the arguments' leaves) are read at every call: their
    // elements (`_data`, which `assign` replaces) are never baked into the code.
    this.p.inputs.forEach((v, i) => {
      if (i >= this.leaves.length) this.bindTensor(v, this.constant(this.captured[i - this.leaves.length]!));
      else if (this.leaves[i]!.kind === "number") this.bindNumber(v, paths[i]!);
      else this.bindTensor(v, paths[i]!);
    });
    const steps = planSteps(this.p);
    this.reusable = reusableArrays(this.p, steps, this.reuseOutputs);
    for (const step of steps) {
      if (step.kind === "scalar") this.scalar(step.eq, step.kernel);
      else if (step.kind === "alias") this.bindNumber(step.eq.outputs[0]!, this.numberOf(step.eq.inputs[0]!));
      else if (step.kind === "call") this.call(step.eq);
      else this.loop(step.loop);
    }
    const returned = new Set<Variable>();
    const outs = this.p.outputs.map((a) => {
      if (this.returnNumbers) return this.numberOf(a);
      if (a instanceof Literal || this.p.inputs.includes(a) || returned.has(a)) return `rt.copy(${this.tensorOf(a)})`;
      returned.add(a);
      return this.tensorOf(a, true);
    });
    this.lines.push(`return ${treeSource(this.p.outputDef, outs)};`);
    const header = [...this.constants.map((_, i) => `const K${i} = K[${i}];`), ...this.persistent].join("\n");
    const params = positional ? ["argc", ...names].join(", ") : "args";
    const source = `"use strict";\nconst T = rt.Tensor;\n${header}\nreturn function compiled(${params}) {\n  ${this.lines.join("\n  ")}\n};`;
    return { source, constants: this.constants, positional };
  }

  private constant(value: unknown): string {
    let id = this.constantIds.get(value);
    if (id === undefined) {
      id = `K${this.constants.length}`;
      this.constants.push(value);
      this.constantIds.set(value, id);
    }
    return id;
  }

  private name(v: Variable, prefix: string): string {
    return `${prefix}${v.index < 0 ? `m${-v.index}` : v.index}`;
  }

  private bindNumber(v: Variable, expr: string): void {
    const s = this.name(v, "s");
    this.lines.push(`const ${s} = ${expr};`);
    this.numbers.set(v, s);
  }

  private bindTensor(v: Variable, expr: string): void {
    const t = this.name(v, "t");
    this.lines.push(`const ${t} = ${expr};`);
    this.tensors.set(v, t);
  }

  /** A one-element operand as a number expression. */
  private numberOf(a: Atom): string {
    if (a instanceof Literal) return numberSource(uniformValue(a.value)!);
    const known = this.numbers.get(a);
    if (known !== undefined) return known;
    const array = this.arrays.get(a);
    if (array !== undefined) this.bindNumber(a, `${array}[0]`);
    else {
      // NOTE: a tensor's element read from its storage (`_buf`: a number, or a typed array), not
      // through the `_data` getter, which would give a number-stored scalar a typed array.
      const b = this.name(a, "b");
      this.lines.push(`const ${b} = ${this.tensorOf(a)}._buf;`);
      this.bindNumber(a, `typeof ${b} === "number" ? ${b} : ${b}[0]`);
    }
    return this.numbers.get(a)!;
  }

  /** An operand's elements as a typed array expression. */
  private arrayOf(a: Atom): string {
    if (a instanceof Literal) return this.constant(a.value._concrete()._data);
    const known = this.arrays.get(a);
    if (known !== undefined) return known;
    const d = this.name(a, "d");
    this.lines.push(`const ${d} = ${this.tensorOf(a)}._data;`);
    this.arrays.set(a, d);
    return d;
  }

  /** An operand as a Tensor expression (one-element numbers and stored loop results are wrapped once). */
  private tensorOf(a: Atom, returned = false): string {
    if (a instanceof Literal) return this.constant(a.value);
    const known = this.tensors.get(a);
    if (known !== undefined) return known;
    const { shape, dtype } = a.value;
    const d = this.arrays.get(a) ?? this.name(a, "d");
    const make = `new T(${this.constant(shape)}, "${dtype}", ${d})`;
    if (returned && this.reuseOutputs && (this.reusable.has(a) || !this.arrays.has(a))) {
      // One tensor for every call: a loop result's reused array, or a number stored in its own.
      const t = this.name(a, "t");
      if (!this.arrays.has(a)) {
        this.persistent.push(`const ${d} = new ${ARRAY[dtype]}(1);`);
        this.lines.push(`${d}[0] = ${this.numbers.get(a)!};`);
        this.arrays.set(a, d);
      }
      this.persistent.push(`const ${t} = ${make};`);
      this.tensors.set(a, t);
      return t;
    }
    if (!this.arrays.has(a) && (dtype === "float64" || dtype === "float32")) {
      // NOTE: a one-element float result is stored as its number, as the scalar fast path stores
      // them (no typed array per call; one is made only if something reads `_data`).
      this.bindTensor(a, `new T(${this.constant(shape)}, "${dtype}", ${this.numbers.get(a)!})`);
      return this.tensors.get(a)!;
    }
    if (!this.arrays.has(a)) {
      this.lines.push(`const ${d} = new ${ARRAY[dtype]}(1); ${d}[0] = ${this.numbers.get(a)!};`);
      this.arrays.set(a, d);
    }
    this.bindTensor(a, make);
    return this.tensors.get(a)!;
  }

  private scalar(eq: Equation, kernel: ElementwiseKernel): void {
    const out = eq.outputs[0]!;
    const expr = kernel.expr(eq.inputs.map((a) => this.numberOf(a)), eq.params, out.value.dtype);
    this.bindNumber(out, kernel.exact ? expr : storeAs(out.value.dtype, expr));
  }

  private call(eq: Equation): void {
    const args = eq.inputs.map((a) => this.tensorOf(a)).join(", ");
    const avals = eq.outputs.map((o) => ({ shape: o.value.shape, dtype: o.value.dtype }));
    const r = this.name(eq.outputs[0]!, "r");
    this.lines.push(`const ${r} = ${this.constant(eq.prim)}.impl([${args}], ${this.constant(eq.params)}, ${this.constant(avals)});`);
    eq.outputs.forEach((o, k) => this.bindTensor(o, `${r}[${k}]`));
  }

  private loop(loop: Loop): void {
    const inLoop = new Set(loop.equations.map((eq) => eq.outputs[0]!));
    // Operands from outside the loop, resolved before it: numbers, or arrays read at their loop index.
    const outside = new Map<string, string>();
    const loads: string[] = [];
    const operand = (a: Atom, out: Variable): string => {
      if (isScalarOperand(a)) return this.numberOf(a);
      const { block, inner } = loopIndex(a.value.shape, out.value.shape)!;
      const key = `${atomKey(a)}@${block}/${inner}`;
      let e = outside.get(key);
      if (e === undefined) {
        const quotient = inner === 1 ? "i" : `((i / ${inner}) | 0)`;
        const index = block * inner === loop.size ? quotient : `${quotient} % ${block}`;
        outside.set(key, (e = `x${loads.length}`));
        loads.push(`const ${e} = ${this.arrayOf(a)}[${index}];`);
      }
      return e;
    };
    const element = new Map<Variable, string>();
    const args = loop.equations.map((eq) =>
      eq.inputs.map((a) => (a instanceof Variable && inLoop.has(a) ? a : operand(a, eq.outputs[0]!))),
    );
    for (const v of loop.stored) {
      const d = this.name(v, "d");
      (this.reusable.has(v) ? this.persistent : this.lines).push(`const ${d} = new ${ARRAY[v.value.dtype]}(${loop.size});`);
      this.arrays.set(v, d);
    }
    const body = [...loads];
    const readInLoop = new Set(loop.equations.flatMap((eq) => eq.inputs));
    const sums: [Variable, string][] = [];
    loop.equations.forEach((eq, k) => {
      const out = eq.outputs[0]!;
      if (loop.sums.has(out)) {
        const acc = this.name(out, "a");
        this.lines.push(`let ${acc} = 0;`);
        body.push(`${acc} += ${element.get(eq.inputs[0] as Variable)!};`);
        sums.push([out, acc]);
        return;
      }
      const kernel = kernelOf(eq)!;
      const expr = kernel.expr(args[k]!.map((a) => (typeof a === "string" ? a : element.get(a)!)), eq.params, out.value.dtype);
      // A result only stored needs no rounding of its own: the typed array's store rounds it.
      if (!readInLoop.has(out)) {
        body.push(`${this.arrays.get(out)!}[i] = ${expr};`);
        return;
      }
      const e = this.name(out, "e");
      body.push(`const ${e} = ${kernel.exact ? expr : storeAs(out.value.dtype, expr)};`);
      element.set(out, e);
      if (loop.stored.has(out)) body.push(`${this.arrays.get(out)!}[i] = ${e};`);
    });
    const [guard, sumsFromKernel] = this.vectorKernelCall(loop);
    this.lines.push(`${guard}for (let i = 0; i < ${loop.size}; i++) {\n    ${body.join("\n    ")}\n  }${sumsFromKernel}`);
    for (const [v, acc] of sums) this.bindNumber(v, storeAs(v.value.dtype, acc));
  }


  /**
   * For a vector loop, `if (!rt.runLoopKernel(...)) ` before its JS loop and ` else { ... }` after
   * it, which reads the kernel's sums into the loop's accumulators: the generated wasm kernel runs,
   * and the JS loop only where it cannot (see `runLoopKernel`). Empty for other loops.
   */
  private vectorKernelCall(loop: Loop): [string, string] {
    const kernel = loop.vector ? loopKernel(loop) : null;
    if (kernel === null) return ["", ""];
    const arrays = kernel.arrays.map((a) => this.arrayOf(a)).join(", ");
    const scalars = kernel.scalars.map((a) => this.numberOf(a)).join(", ");
    const sums = kernel.sums.map((v) => this.name(v, "g"));
    for (const g of sums) this.lines.push(`const ${g} = new Float64Array(1);`);
    const outputs = [...kernel.outputs.map((v) => this.arrays.get(v)!), ...sums].join(", ");
    const read = kernel.sums.map((v, k) => `${this.name(v, "a")} = ${sums[k]}[0];`).join(" ");
    return [`if (!rt.runLoopKernel(${this.constant(new RunnableLoopKernel(kernel))}, [${arrays}], [${scalars}], [${outputs}])) `, read ? ` else { ${read} }` : ""];
  }
}

/**
 * The loop results whose arrays one compiled function can allocate once and reuse on every call:
 * those that no kernel call reads and that are not returned, so only the generated code itself
 * ever sees them. NOTE: none when a call runs user code (a primitive with function params), which
 * could re-enter the same compiled function while its arrays are in use. With `reuseOutputs`,
 * returned loop results are reused too.
 */
function reusableArrays(p: Program, steps: readonly Step[], reuseOutputs: boolean): Set<Variable> {
  const out = new Set<Variable>();
  const seen = new Set<Atom>(reuseOutputs ? [] : p.outputs);
  for (const step of steps) {
    if (step.kind === "call") {
      if (equationKey(step.eq) === null) return out;
      for (const a of step.eq.inputs) seen.add(a);
    }
  }
  for (const step of steps) if (step.kind === "loop") for (const v of step.loop.stored) if (!seen.has(v)) out.add(v);
  return out;
}
