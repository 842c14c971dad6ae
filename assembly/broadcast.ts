// Binary arithmetic with general numpy broadcasting, 128-bit SIMD.
//
// The JS side collapses the broadcast (src/backend/cpu/broadcast-index.ts: size-1 axes dropped,
// mergeable neighbours merged) and passes `nd` merged axes as int32s at `dims`: the output's sizes,
// then a's strides, then b's. The innermost strides are 0 or 1 and not both 0, so every output row
// is one of: both operands advance, a advances against one b value, or b advances against one a
// value. Rows run whole vectors, then a scalar tail, so nothing is read or written past a row.

import { OP_ADD, OP_DIV, OP_MAX, OP_MIN, OP_MUL, OP_SUB, apply } from "./elementwise";

// @ts-ignore: decorator
@inline function scalarApply<T>(op: i32, x: T, y: T): T {
  if (op == OP_ADD) return x + y;
  if (op == OP_SUB) return x - y;
  if (op == OP_MUL) return x * y;
  if (op == OP_DIV) return x / y;
  if (op == OP_MAX) return max(x, y); // wasm max/min propagate NaN, as the vector ones
  return min(x, y);
}

/** One output row of `n`: mode 0 both advance, 1 a advances (b[0] repeated), 2 b advances. */
// @ts-ignore: decorator
@inline function row<T>(op: i32, mode: i32, a: usize, b: usize, out: usize, n: i32): void {
  const lanes = <i32>(16 / sizeof<T>());
  const whole = n - n % lanes;
  let i = 0;
  if (mode == 0) {
    for (; i < whole; i += lanes) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, apply<T>(op, v128.load(a + o), v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, scalarApply<T>(op, load<T>(a + o), load<T>(b + o)));
    }
  } else if (mode == 1) {
    const s = v128.splat<T>(load<T>(b));
    for (; i < whole; i += lanes) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, apply<T>(op, v128.load(a + o), s));
    }
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, scalarApply<T>(op, load<T>(a + o), load<T>(b)));
    }
  } else {
    const s = v128.splat<T>(load<T>(a));
    for (; i < whole; i += lanes) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, apply<T>(op, s, v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, scalarApply<T>(op, load<T>(a), load<T>(b + o)));
    }
  }
}

/** Walks the rows of the collapsed output with an odometer over the outer axes. */
// @ts-ignore: decorator
@inline function broadcastLoop<T>(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  const last = nd - 1;
  const len = load<i32>(dims + (<usize>last << 2));
  const sa = dims + (<usize>nd << 2);
  const sb = dims + (<usize>(2 * nd) << 2);
  const mode = load<i32>(sa + (<usize>last << 2)) == 0 ? 2 : load<i32>(sb + (<usize>last << 2)) == 0 ? 1 : 0;
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= load<i32>(dims + (<usize>d << 2));
  // Odometer counters live after the strides (the JS side reserves nd more int32s).
  const counter = dims + (<usize>(3 * nd) << 2);
  for (let d = 0; d < last; d++) store<i32>(counter + (<usize>d << 2), 0);
  let pa: usize = 0, pb: usize = 0, po: usize = 0;
  const size = <usize>sizeof<T>();
  for (let r = 0; r < rows; r++) {
    row<T>(op, mode, a + pa * size, b + pb * size, out + po * size, len);
    po += <usize>len;
    for (let d = last - 1; d >= 0; d--) {
      const dp = <usize>d << 2;
      const c = load<i32>(counter + dp) + 1;
      const sad = <usize>load<i32>(sa + dp);
      const sbd = <usize>load<i32>(sb + dp);
      if (c < load<i32>(dims + dp)) {
        store<i32>(counter + dp, c);
        pa += sad;
        pb += sbd;
        break;
      }
      store<i32>(counter + dp, 0);
      const back = <usize>(c - 1);
      pa -= sad * back;
      pb -= sbd * back;
    }
  }
}

// @ts-ignore: decorator
@inline function broadcast<T>(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  switch (op) {
    case OP_ADD: broadcastLoop<T>(OP_ADD, a, b, out, nd, dims); break;
    case OP_SUB: broadcastLoop<T>(OP_SUB, a, b, out, nd, dims); break;
    case OP_MUL: broadcastLoop<T>(OP_MUL, a, b, out, nd, dims); break;
    case OP_DIV: broadcastLoop<T>(OP_DIV, a, b, out, nd, dims); break;
    case OP_MAX: broadcastLoop<T>(OP_MAX, a, b, out, nd, dims); break;
    default: broadcastLoop<T>(OP_MIN, a, b, out, nd, dims); break;
  }
}

/** out = a ∘ b (add/sub/mul/div/max/min by `op`) over the collapsed broadcast at `dims`, float32. */
export function binaryBroadcastF32(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  broadcast<f32>(op, a, b, out, nd, dims);
}

/** out = a ∘ b over the collapsed broadcast at `dims`, float64. */
export function binaryBroadcastF64(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  broadcast<f64>(op, a, b, out, nd, dims);
}
