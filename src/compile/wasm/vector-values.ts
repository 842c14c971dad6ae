import type { Code, SimdOp } from "./wasm-code.js";
import { ValType } from "./wasm-binary.js";

/** A v128 local of the function being built. */
export type Vec = number;

/**
 * Vector expressions over a function body: every result is a fresh v128 local (the engine's
 * register allocator sees through them), constants are `v128.const` at their use.
 */
export class VectorValues {
  constructor(readonly code: Code) {}

  /** `name` applied to `args` (pushed in order), into a new local. */
  op(name: SimdOp, ...args: Vec[]): Vec {
    for (const a of args) this.code.get(a);
    this.code.simd(name);
    return this.store();
  }

  /** A shift of `v`'s lanes by `bits` (`i64x2.shl` and the like). */
  shift(name: "i64x2.shl" | "i64x2.shr_s" | "i64x2.shr_u" | "i32x4.shl", v: Vec, bits: number): Vec {
    this.code.get(v).i32(bits).simd(name);
    return this.store();
  }

  /** `i8x16.shuffle` of a and b. */
  shuffle(a: Vec, b: Vec, lanes: readonly number[]): Vec {
    this.code.get(a).get(b).shuffle(lanes);
    return this.store();
  }

  /** Both float64 lanes `x`. */
  f64(x: number): Vec {
    this.code.v128(new Float64Array([x, x]));
    return this.store();
  }

  /** All four float32 lanes `x`. */
  f32(x: number): Vec {
    this.code.v128(new Float32Array([x, x, x, x]));
    return this.store();
  }

  /** Both int64 lanes `x`. */
  i64(x: bigint): Vec {
    this.code.v128(new BigInt64Array([x, x]));
    return this.store();
  }

  /** All four int32 lanes `x`. */
  i32(x: number): Vec {
    this.code.v128(new Int32Array([x, x, x, x]));
    return this.store();
  }

  /** The value on the stack, into a new local. */
  store(): Vec {
    const v = this.code.local(ValType.v128);
    this.code.set(v);
    return v;
  }
}
