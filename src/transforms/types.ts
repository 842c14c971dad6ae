/**
 * The result types of the transforms, written from what the runtime returns: a differentiated
 * number or Tensor is a Tensor, a tree keeps its shape, an argnums tuple gives a tuple.
 */
import type { Tensor } from "../tensor/tensor.js";
import type { Loosen, TensorTree } from "./tree-values.js";

/** The gradient (tangent, cotangent) of a tree of number/Tensor leaves: the same tree of Tensors. */
export type GradOf<T> = TensorTree<T>;

/** What may stand for a value of type `T` as a tangent or cotangent: the same tree, each leaf a Tensor or a number. */
export type TangentOf<T> = T extends Tensor | number
  ? Tensor | number
  : T extends readonly unknown[]
    ? { readonly [K in keyof T]: TangentOf<T[K]> }
    : T extends object
      ? { readonly [K in keyof T]: TangentOf<T[K]> }
      : T;

/** The arguments a transform takes for a parameter list `P`: numbers allowed wherever tensors are expected. */
export type ArgsOf<P extends readonly unknown[]> = Readonly<Loosen<P>>;

/** The argument indices of a parameter list that `argnums` may name: 0 … n−1 and −n … −1 (any number for rest parameters). */
export type ArgIndex<P extends readonly unknown[]> = number extends P["length"] ? number : Indices<P> | NegativeIndices<P>;

type Indices<P extends readonly unknown[]> = { [K in keyof P]: K extends `${infer I extends number}` ? I : never }[number];
type NegativeIndices<P extends readonly unknown[]> = ToNumber<`-${Exclude<Indices<P>, 0> | P["length"]}`>;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;

/** The parameter at index `N` of `P` (a negative index counts from the end; a non-literal index gives the union). */
export type ArgAt<P extends readonly unknown[], N extends number> = number extends N
  ? P[number]
  : `${N}` extends `-${infer M extends number}`
    ? FromEnd<P, M>
    : P[N];

type FromEnd<P extends readonly unknown[], M extends number, Seen extends unknown[] = [unknown]> = P extends readonly [...infer Init, infer Last]
  ? Seen["length"] extends M
    ? Last
    : FromEnd<Init, M, [...Seen, unknown]>
  : P[number];

/**
 * The `argnums` of an options type: the literal given, 0 when absent, and for an options type whose
 * `argnums` is optional (a variable of type `GradOptions`) either of the two.
 */
export type ArgnumsOf<O> = O extends { argnums: infer A extends number | readonly number[] }
  ? A
  : O extends { argnums?: infer A }
    ? unknown extends A
      ? 0
      : Exclude<A, undefined> | 0
    : 0;

/**
 * The gradients `argnums` selects from parameters `P`: one argument's gradient for a number, a
 * tuple of them for a tuple (an array for a non-literal array).
 */
export type SelectedGrads<P extends readonly unknown[], A> = A extends number
  ? GradOf<ArgAt<P, A>>
  : A extends readonly number[]
    ? { -readonly [K in keyof A]: GradOf<ArgAt<P, A[K] & number>> }
    : never;

/** A Jacobian: the output tree `Out` with each leaf replaced by `G` (the selected inputs' gradient shape). */
export type JacobianOf<Out, G> = Out extends Tensor | number
  ? G
  : Out extends readonly unknown[]
    ? { -readonly [K in keyof Out]: JacobianOf<Out[K], G> }
    : Out extends object
      ? { -readonly [K in keyof Out]: JacobianOf<Out[K], G> }
      : Out;

/** The auxiliary output of a `hasAux` function returning `[value, aux]`, passed through unchanged. */
export type AuxOf<R> = R extends readonly [unknown, infer A] ? A : never;

/**
 * `unknown` when the `argnums` of `O` name arguments of `P`, else an options type that rejects them
 * (intersected with a transform's options parameter, so `argnums: 2` for a two-argument `f` is a
 * compile error). NOTE: a non-literal `number` or `number[]` is accepted and checked at run time.
 */
export type CheckArgnums<P extends readonly unknown[], O> = O extends { argnums: infer A }
  ? [A] extends [ArgIndex<P> | readonly ArgIndex<P>[] | undefined]
    ? unknown
    : number extends (A extends readonly (infer E)[] ? E : A)
      ? unknown
      : { argnums: ArgIndex<P> | readonly ArgIndex<P>[] }
  : unknown;

/** A function `grad` and `valueAndGrad` accept: its value is a scalar (a Tensor or a number). */
export type ScalarFunction = (...args: never[]) => Tensor | number;

/** A function `grad` and `valueAndGrad` accept with `hasAux`: it returns `[value, aux]`. */
export type AuxFunction = (...args: never[]) => readonly [Tensor | number, unknown];

/** `unknown` for a function typed to return `unknown` (its value is checked at run time), else `never`. */
export type UntypedReturn<F extends (...args: never[]) => unknown> = unknown extends ReturnType<F> ? unknown : never;
