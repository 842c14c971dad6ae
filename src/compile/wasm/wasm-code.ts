// Instruction builders for one function body: core control flow, i32/f64 scalars, memory access and
// the 128-bit SIMD instructions (opcodes from the core specification's instruction index).
import { sleb, uleb, ValType } from "./wasm-binary.js";

/** SIMD instructions without immediates (0xfd prefix), by name. */
const SIMD = {
  "i8x16.swizzle": 0x0e,
  "i32x4.splat": 0x11,
  "i64x2.splat": 0x12,
  "f32x4.splat": 0x13,
  "f64x2.splat": 0x14,
  "i32x4.eq": 0x37,
  "i32x4.ne": 0x38,
  "f32x4.eq": 0x41,
  "f32x4.ne": 0x42,
  "f32x4.lt": 0x43,
  "f32x4.gt": 0x44,
  "f32x4.le": 0x45,
  "f32x4.ge": 0x46,
  "f64x2.eq": 0x47,
  "f64x2.ne": 0x48,
  "f64x2.lt": 0x49,
  "f64x2.gt": 0x4a,
  "f64x2.le": 0x4b,
  "f64x2.ge": 0x4c,
  "v128.not": 0x4d,
  "v128.and": 0x4e,
  "v128.andnot": 0x4f,
  "v128.or": 0x50,
  "v128.xor": 0x51,
  "v128.bitselect": 0x52,
  "f32x4.demote_f64x2_zero": 0x5e,
  "f64x2.promote_low_f32x4": 0x5f,
  "f32x4.ceil": 0x67,
  "f32x4.floor": 0x68,
  "f32x4.nearest": 0x6a,
  "f64x2.ceil": 0x74,
  "f64x2.floor": 0x75,
  "f64x2.nearest": 0x94,
  "i32x4.shl": 0xab,
  "i32x4.shr_s": 0xac,
  "i32x4.add": 0xae,
  "i32x4.sub": 0xb1,
  "i64x2.shl": 0xcb,
  "i64x2.shr_s": 0xcc,
  "i64x2.shr_u": 0xcd,
  "i64x2.add": 0xce,
  "i64x2.sub": 0xd1,
  "i64x2.ne": 0xd7,
  "f32x4.abs": 0xe0,
  "f32x4.neg": 0xe1,
  "f32x4.sqrt": 0xe3,
  "f32x4.add": 0xe4,
  "f32x4.sub": 0xe5,
  "f32x4.mul": 0xe6,
  "f32x4.div": 0xe7,
  "f32x4.min": 0xe8,
  "f32x4.max": 0xe9,
  "f32x4.pmin": 0xea,
  "f32x4.pmax": 0xeb,
  "f64x2.abs": 0xec,
  "f64x2.neg": 0xed,
  "f64x2.sqrt": 0xef,
  "f64x2.add": 0xf0,
  "f64x2.sub": 0xf1,
  "f64x2.mul": 0xf2,
  "f64x2.div": 0xf3,
  "f64x2.min": 0xf4,
  "f64x2.max": 0xf5,
  "f64x2.pmin": 0xf6,
  "f64x2.pmax": 0xf7,
  "i32x4.trunc_sat_f32x4_s": 0xf8,
} as const;

/** The name of a SIMD instruction without immediates. */
export type SimdOp = keyof typeof SIMD;

/** SIMD memory instructions (0xfd prefix, then a memarg). */
const SIMD_MEMORY = {
  "v128.load": [0x00, 4],
  "v128.load8_splat": [0x07, 0],
  "v128.load32_splat": [0x09, 2],
  "v128.load64_splat": [0x0a, 3],
  "v128.store": [0x0b, 4],
  "v128.load32_zero": [0x5c, 2],
} as const;

/** SIMD lane instructions (0xfd prefix, then a memarg for the memory ones, then the lane index). */
const SIMD_LANE = {
  "i32x4.extract_lane": [0x1b, -1],
  "i32x4.replace_lane": [0x1c, -1],
  "f32x4.extract_lane": [0x1f, -1],
  "f64x2.extract_lane": [0x21, -1],
  "i64x2.replace_lane": [0x1e, -1],
  "f32x4.replace_lane": [0x20, -1],
  "f64x2.replace_lane": [0x22, -1],
  "v128.load16_lane": [0x55, 1],
  "v128.store16_lane": [0x59, 1],
  "v128.store32_lane": [0x5a, 2],
  "v128.store64_lane": [0x5b, 3],
} as const;

/** Core instructions without immediates, by name. */
const CORE = {
  "i32.eqz": 0x45,
  "i32.eq": 0x46,
  "i32.ne": 0x47,
  "i32.lt_u": 0x49,
  "i32.ge_u": 0x4f,
  "f64.ne": 0x62,
  "i32.add": 0x6a,
  "i32.sub": 0x6b,
  "i32.mul": 0x6c,
  "i32.div_u": 0x6e,
  "i32.rem_u": 0x70,
  "i32.shl": 0x74,
  "i32.shr_u": 0x76,
  "i64.extend_i32_u": 0xad,
  "f32.demote_f64": 0xb6,
  "f64.promote_f32": 0xbb,
  "f64.add": 0xa0,
  select: 0x1b,
} as const;

/** The name of a core instruction without immediates. */
export type CoreOp = keyof typeof CORE;

/** Core memory instructions, with their natural alignment (log2 bytes). */
const MEMORY = { "f32.load": [0x2a, 2], "f64.load": [0x2b, 3], "i32.load8_u": [0x2d, 0], "f64.store": [0x39, 3], "i32.store8": [0x3a, 0] } as const;

/** A function body under construction: its parameters, the locals it allocates, and its bytes. */
export class Code {
  readonly bytes: number[] = [];
  readonly locals: ValType[] = [];
  /** Instructions that run first, before `bytes` (constants hoisted out of loops). */
  readonly prelude: number[] = [];

  constructor(readonly params: readonly ValType[]) {}

  /** A new local of type `t`; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  /** The whole body: the prelude, then the instructions. */
  body(): number[] {
    return [...this.prelude, ...this.bytes];
  }

  /** Appends raw bytes. */
  emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }

  get(i: number): this {
    return this.emit(0x20, ...uleb(i));
  }

  set(i: number): this {
    return this.emit(0x21, ...uleb(i));
  }

  tee(i: number): this {
    return this.emit(0x22, ...uleb(i));
  }

  i32(n: number): this {
    return this.emit(0x41, ...sleb(n));
  }

  f64(x: number): this {
    return this.emit(0x44, ...new Uint8Array(new Float64Array([x]).buffer));
  }

  op(name: CoreOp): this {
    return this.emit(CORE[name]);
  }

  simd(name: SimdOp): this {
    return this.emit(0xfd, ...uleb(SIMD[name]));
  }

  /** `v128.const` with the 16 bytes of `lanes` (a typed array of one vector). */
  v128(lanes: Float32Array | Float64Array | Int32Array | BigInt64Array): this {
    return this.emit(0xfd, ...uleb(0x0c), ...new Uint8Array(lanes.buffer, lanes.byteOffset, 16));
  }

  /** A SIMD load or store at the address on the stack (plus `offset` bytes). */
  mem(name: keyof typeof SIMD_MEMORY, offset = 0): this {
    const [code, align] = SIMD_MEMORY[name];
    return this.emit(0xfd, ...uleb(code), ...uleb(align), ...uleb(offset));
  }

  /** A lane instruction: lane memory access (memarg, then lane) or extract/replace (lane only). */
  lane(name: keyof typeof SIMD_LANE, lane: number, offset = 0): this {
    const [code, align] = SIMD_LANE[name];
    this.emit(0xfd, ...uleb(code));
    if (align >= 0) this.emit(...uleb(align), ...uleb(offset));
    return this.emit(lane);
  }

  /** `i8x16.shuffle` of the two vectors on the stack. */
  shuffle(lanes: readonly number[]): this {
    return this.emit(0xfd, ...uleb(0x0d), ...lanes);
  }

  /** A scalar load or store at the address on the stack. */
  scalarMem(name: keyof typeof MEMORY): this {
    const [code, align] = MEMORY[name];
    return this.emit(code, ...uleb(align), ...uleb(0));
  }

  block(): this {
    return this.emit(0x02, 0x40);
  }

  loop(): this {
    return this.emit(0x03, 0x40);
  }

  br(depth: number): this {
    return this.emit(0x0c, ...uleb(depth));
  }

  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }

  end(): this {
    return this.emit(0x0b);
  }
}
