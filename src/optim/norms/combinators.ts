import { argumentError } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
/**
 * Norms built from norms on the parts of a tree w = (w₁, …, w_k), with coefficients c_i > 0:
 *
 * | combinator | ‖w‖                    | dual ‖g‖_*                 | dualize, block i                                       |
 * | ---------- | ---------------------- | -------------------------- | ------------------------------------------------------ |
 * | `scaled`   | c·‖w‖                  | ‖g‖_* / c                    | d(g)/c                                                 |
 * | `max`      | max_i c_i‖w_i‖         | Σ_i ‖g_i‖_* / c_i            | d_i(g_i)/c_i on every block                            |
 * | `sum`      | Σ_i c_i‖w_i‖           | max_i ‖g_i‖_* / c_i          | d_i(g_i)/c_i on the block(s) of largest ‖g_i‖_* / c_i, 0 elsewhere (ties split equally) |
 * | `euclid`   | √(Σ_i c_i²‖w_i‖²)      | √(Σ_i (‖g_i‖_* / c_i)²)      | (‖g_i‖_* / c_i)/‖g‖_* · d_i(g_i)/c_i                       |
 *
 * ℓ∞, ℓ1 and ℓ2 are `max`, `sum` and `euclid` of |·| on the entries. The unnormalized step of `max`
 * scales every block by the *global* Σ_j ‖g_j‖_* / c_j; `perParam` (a `max` whose sharp is taken block
 * by block, i.e. `euclid`'s sharp) gives independent per-tensor steps instead.
 * A coefficient of +∞ freezes its block (dualize gives 0 there): Modula's mass-0 modules.
 */
import { mul } from "../../ops/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { flattenTree, leafPaths, mapTree, unflattenTree, zerosLikeTree, type ParamTree } from "../tree.js";
import { checkCoefficient, checkNorm, sharp, type Norm } from "./norm.js";

/** @internal A norm that can return its dual and its dualization from one computation (e.g. one SVD). */
export interface FusedNorm extends Norm {
  _dualAndDualize?(g: ParamTree): [number, ParamTree];
}

/** @internal dual(g) and dualize(g), computed once where the norm can. */
export function dualAndDualize(n: Norm, g: ParamTree): [number, ParamTree] {
  const f = (n as FusedNorm)._dualAndDualize;
  return f ? f.call(n, g) : [n.dual(g), n.dualize(g)];
}

type Kind = "max" | "sum" | "euclid";

interface Parts {
  parts: ParamTree[];
  norms: Norm[];
  coefs: number[];
  rebuild(parts: ParamTree[]): ParamTree;
}

const divideBy = (t: ParamTree, c: number): ParamTree =>
  c === Infinity ? zerosLikeTree(t) : c === 1 ? t : mapTree(t, (x) => mul(x, 1 / c));

/** @internal The engine of every composite norm. `blockSharp`: the unnormalized step is taken block by block. */
export function composite(kind: Kind, name: string, split: (t: ParamTree) => Parts, blockSharp = false): Norm {
  const norm = (w: ParamTree): number => {
    const { parts, norms, coefs } = split(w);
    const vals = parts.map((p, i) => {
      const v = norms[i]!.norm(p);
      return coefs[i] === Infinity ? (v === 0 ? 0 : Infinity) : coefs[i]! * v;
    });
    return combine(kind, vals);
  };
  const duals = (g: ParamTree, want: boolean): [number[], (ParamTree | null)[], Parts] => {
    const s = split(g);
    const ds: number[] = [];
    const dirs: (ParamTree | null)[] = [];
    s.parts.forEach((p, i) => {
      const c = s.coefs[i]!;
      if (c === Infinity) {
        ds.push(0);
        dirs.push(null);
      } else if (want) {
        const [d, dir] = dualAndDualize(s.norms[i]!, p);
        ds.push(d / c);
        dirs.push(dir);
      } else {
        ds.push(s.norms[i]!.dual(p) / c);
        dirs.push(null);
      }
    });
    return [ds, dirs, s];
  };
  const dualOf = (ds: number[]): number => combine(kind === "max" ? "sum" : kind === "sum" ? "max" : "euclid", ds);
  const dualizeWith = (g: ParamTree): [number, ParamTree] => {
    if (kind === "max") {
      // Every block goes to its boundary; no block's dual is needed for the direction.
      const s = split(g);
      const out = s.parts.map((p, i) => divideBy(s.coefs[i] === Infinity ? p : s.norms[i]!.dualize(p), s.coefs[i]!));
      return [NaN, s.rebuild(out)];
    }
    const [ds, dirs, s] = duals(g, true);
    const total = dualOf(ds);
    const out = s.parts.map((p, i) => {
      const c = s.coefs[i]!;
      if (total === 0 || c === Infinity) return zerosLikeTree(p);
      if (kind === "euclid") return divideBy(mapTree(dirs[i]!, (x) => mul(x, ds[i]! / total)), c);
      if (ds[i] !== total) return zerosLikeTree(p);
      const ties = ds.filter((d) => d === total).length;
      return divideBy(ties === 1 ? dirs[i]! : mapTree(dirs[i]!, (x) => mul(x, 1 / ties)), c);
    });
    return [total, s.rebuild(out)];
  };
  const result: FusedNorm = {
    name,
    norm,
    dual: (g) => dualOf(duals(g, false)[0]),
    dualize: <T extends ParamTree>(g: T): T => dualizeWith(g)[1] as T,
    sharp<T extends ParamTree>(g: T): T {
      if (blockSharp) {
        const s = split(g);
        return s.parts.length === 0 ? g : (s.rebuild(s.parts.map((p, i) => divideBy(divideBy(sharp(s.norms[i]!, p), s.coefs[i]!), s.coefs[i]!))) as T);
      }
      const [total, dir] = result._dualAndDualize!(g);
      return mapTree(dir, (x) => mul(x, total)) as T;
    },
    _dualAndDualize(g) {
      if (kind !== "max") return dualizeWith(g);
      const [ds, dirs, s] = duals(g, true);
      const out = s.parts.map((p, i) => divideBy(s.coefs[i] === Infinity ? p : dirs[i]!, s.coefs[i]!));
      return [dualOf(ds), s.rebuild(out)];
    },
  };
  return result;
}

function combine(kind: Kind, vals: readonly number[]): number {
  if (kind === "max") return vals.reduce((a, b) => Math.max(a, b), 0);
  if (kind === "sum") return vals.reduce((a, b) => a + b, 0);
  const m = vals.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  if (m === 0 || !Number.isFinite(m)) return m;
  return m * Math.sqrt(vals.reduce((a, b) => a + (b / m) ** 2, 0));
}

/** Children of a combinator: an array (for array-shaped trees) or a record (for object-shaped trees). */
export type NormChildren = readonly Norm[] | { readonly [key: string]: Norm };
/** Coefficients, in the same shape as the children (default all 1). */
export type NormCoefficients = readonly number[] | { readonly [key: string]: number };

function childSplitter(children: NormChildren, coefs: NormCoefficients | undefined, where: string): (t: ParamTree) => Parts {
  if (children === null || typeof children !== "object") throw argumentError(where, "children", "an array or object of norms", children);
  for (const [k, n] of Object.entries(children)) checkNorm(n, where, `children[${JSON.stringify(k)}]`);
  if (coefs !== undefined && (coefs === null || typeof coefs !== "object")) throw argumentError(where, "coefs", "an array or object of coefficients", coefs);
  if (Array.isArray(children)) {
    const norms = children as readonly Norm[];
    const cs = norms.map((_, i) => checkCoefficient((coefs as readonly number[] | undefined)?.[i] ?? 1, where, true));
    if (coefs !== undefined && (!Array.isArray(coefs) || coefs.length !== norms.length))
      throw new ArgumentError(`${where}: ${norms.length} norms need ${norms.length} coefficients`);
    return (t) => {
      if (!Array.isArray(t) || t.length !== norms.length)
        throw new ArgumentError(`${where}: expects an array of ${norms.length} parts (one per norm), got ${describe(t)}`);
      return { parts: t as ParamTree[], norms: [...norms], coefs: cs, rebuild: (ps) => ps };
    };
  }
  const record = children as { readonly [key: string]: Norm };
  const keys = Object.keys(record).sort();
  const cs = keys.map((k) => checkCoefficient((coefs as Record<string, number> | undefined)?.[k] ?? 1, where, true));
  return (t) => {
    if (t === null || typeof t !== "object" || Array.isArray(t) || t instanceof Tensor)
      throw new ArgumentError(`${where}: expects an object with keys ${keys.join(", ")}, got ${describe(t)}`);
    const obj = t as { readonly [key: string]: ParamTree };
    const got = Object.keys(obj).sort();
    if (got.join("\u0000") !== keys.join("\u0000"))
      throw new ArgumentError(`${where}: expects keys {${keys.join(", ")}}, got {${got.join(", ")}}`);
    return {
      parts: keys.map((k) => obj[k]!),
      norms: keys.map((k) => record[k]!),
      coefs: cs,
      rebuild: (ps) => Object.fromEntries(keys.map((k, i) => [k, ps[i]!])),
    };
  };
}

function describe(t: unknown): string {
  if (Array.isArray(t)) return `an array of length ${t.length}`;
  if (t instanceof Tensor) return `a tensor of shape [${t.shape.join(", ")}]`;
  return typeof t;
}

function childNames(children: NormChildren, coefs: NormCoefficients | undefined): string {
  const entries: [string, Norm][] = Array.isArray(children)
    ? (children as readonly Norm[]).map((n, i) => [String(i), n])
    : Object.entries(children as Record<string, Norm>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries
    .map(([k, n]) => {
      const c = coefs === undefined ? 1 : (coefs as Record<string, number>)[k] ?? 1;
      return `${Array.isArray(children) ? "" : `${k}: `}${c === 1 ? "" : `${c}·`}${n.name}`;
    })
    .join(", ");
}

/**
 * c·‖·‖: dual ‖g‖_* / c, dualize d(g)/c, sharp g♯/c². c = +∞ freezes the part (dualize is 0).
 *
 * @example
 * norms.scaled(norms.l2(), 2).dualize(tensor([3, -4])); // [0.3, -0.4]
 */
export function scaled(n: Norm, c: number): Norm {
  checkNorm(n, "scaled", "n");
  checkCoefficient(c, "scaled", true);
  const fused: FusedNorm = {
    name: `${c}·${n.name}`,
    norm: (w) => {
      const v = n.norm(w);
      return c === Infinity ? (v === 0 ? 0 : Infinity) : c * v;
    },
    dual: (g) => (c === Infinity ? 0 : n.dual(g) / c),
    dualize: <T extends ParamTree>(g: T): T => divideBy(c === Infinity ? g : n.dualize(g), c) as T,
    sharp: <T extends ParamTree>(g: T): T => divideBy(c === Infinity ? g : divideBy(sharp(n, g), c), c) as T,
    _dualAndDualize(g) {
      if (c === Infinity) return [0, zerosLikeTree(g)];
      const [d, dir] = dualAndDualize(n, g);
      return [d / c, divideBy(dir, c)];
    },
  };
  return fused;
}

/**
 * max_i c_i‖w_i‖ over the parts of an array or object tree; its dualize sends every part to its own
 * unit sphere (scaled by 1/c_i). The modular norm is one of these.
 *
 * @example
 * const n = norms.max([norms.l2(), norms.spectral()], [2, 1]);
 * n.dual([tensor([3, -4]), tensor([[3, 0], [0, 4]])]); // 5/2 + 7 = 9.5
 */
export function max(children: NormChildren, coefs?: NormCoefficients): Norm {
  const split = childSplitter(children, coefs, "norms.max");
  return composite("max", `max(${childNames(children, coefs)})`, split);
}

/**
 * Σ_i c_i‖w_i‖; its dualize moves only the part with the largest scaled dual norm (greedy block
 * coordinate descent), splitting exact ties equally.
 */
export function sum(children: NormChildren, coefs?: NormCoefficients): Norm {
  const split = childSplitter(children, coefs, "norms.sum");
  return composite("sum", `sum(${childNames(children, coefs)})`, split);
}

/** √(Σ_i c_i²‖w_i‖²): the ℓ2 combination, whose dual is again an ℓ2 combination. */
export function euclid(children: NormChildren, coefs?: NormCoefficients): Norm {
  const split = childSplitter(children, coefs, "norms.euclid");
  return composite("euclid", `euclid(${childNames(children, coefs)})`, split);
}

/** @internal A composite over the tensors of any tree, with a norm chosen per tensor. */
export function overLeaves(kind: Kind, name: string, pick: (leaf: Tensor, path: string) => Norm, blockSharp = false): Norm {
  return composite(
    kind,
    name,
    (t) => {
      const [leaves, def] = flattenTree(t, name);
      const paths = leafPaths(t);
      return {
        parts: leaves,
        norms: leaves.map((l, i) => pick(l, paths[i]!)),
        coefs: leaves.map(() => 1),
        rebuild: (ps) => unflattenTree(def, ps as Tensor[]),
      };
    },
    blockSharp,
  );
}

/**
 * Every tensor of the tree under its own norm, independently: normalized steps put each tensor on its
 * own unit sphere, unnormalized steps are each tensor's own sharp ‖g_i‖_*·d_i(g_i). As a norm on the
 * whole tree it is max_i ‖w_i‖_i (dual Σ_i ‖g_i‖_*), and its sharp is that of `euclid` (the per-tensor
 * steps), not `max`'s global one. Pass one norm, or a function choosing one per tensor.
 *
 * @example
 * norms.perParam((p) => (p.ndim >= 2 ? norms.spectral() : norms.rms()));
 */
export function perParam(n: Norm | ((param: Tensor, path: string) => Norm)): Norm {
  if (typeof n !== "function") checkNorm(n, "perParam", "n");
  const pick = typeof n === "function" ? n : () => n;
  return overLeaves("max", typeof n === "function" ? "perParam(fn)" : `perParam(${n.name})`, pick, true);
}
