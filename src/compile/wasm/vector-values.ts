import type { Code, SimdOp } from "./wasm-code.js";
import { uleb, ValType } from "./wasm-binary.js";

/** A v128 local of the function being built. */
export type Vec = number;

/**
 * Vector expressions over a function body: every result is a fresh v128 local (the engine's
 * register allocator sees through them). NOTE: each distinct constant is one local set in the
 * function's prelude, so loops do not rematerialise it on every iteration.
 */
export class VectorValues {
  private readonly constants = new Map<string, Vec>();

  constructor(readonly code: Code) {}

  /** The constant vector with `lanes`' 16 bytes, set once in the prelude. */
  private constant(lanes: Float32Array | Float64Array | Int32Array | BigInt64Array): Vec {
    const bytes = new Uint8Array(lanes.buffer, lanes.byteOffset, 16);
    const key = bytes.join(",");
    let c = this.constants.get(key);
    if (c === undefined) {
      c = this.code.local(ValType.v128);
      this.code.prelude.push(0xfd, 0x0c, ...bytes, 0x21, ...uleb(c));
      this.constants.set(key, c);
    }
    return c;
  }

  /** `name` applied to `args` (pushed in order), into a new local. */
  op(name: SimdOp, ...args: Vec[]): Vec {
    for (const a of args) this.code.get(a);
    this.code.simd(name);
    return this.store();
  }

  /** A shift of `v`'s lanes by `bits` (`i64x2.shl` and the like). */
  shift(name: "i64x2.shl" | "i64x2.shr_s" | "i64x2.shr_u" | "i32x4.shl" | "i32x4.shr_s", v: Vec, bits: number): Vec {
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
    return this.constant(new Float64Array([x, x]));
  }

  /** All four float32 lanes `x`. */
  f32(x: number): Vec {
    return this.constant(new Float32Array([x, x, x, x]));
  }

  /** Both int64 lanes `x`. */
  i64(x: bigint): Vec {
    return this.constant(new BigInt64Array([x, x]));
  }

  /** All four int32 lanes `x`. */
  i32(x: number): Vec {
    return this.constant(new Int32Array([x, x, x, x]));
  }

  /** The value on the stack, into a new local. */
  store(): Vec {
    const v = this.code.local(ValType.v128);
    this.code.set(v);
    return v;
  }
}
