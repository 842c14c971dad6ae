// The float32 exp and tanh of compile's generated wasm kernels (src/compile/wasm/vector-math.ts
// `expF32Lanes`, `tanhF32Lanes`), one element at a time in JS: every float32 operation rounded with
// Math.fround, as the f32x4 instructions round. A backend whose float32 exp and tanh are these
// functions (from the size where compiled loops become wasm kernels) lets the interpreter compute
// exactly what the kernels compute, so tests compare compiled and uncompiled bit for bit; the
// functions' own error is measured against Math.* in wasm-vector-math.test.ts.
import { getBackend, setBackend, type Backend } from "../../src/backend/backend.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { wasmBackend } from "../../src/backend/wasm/wasm-backend.js";

const f = Math.fround;
const P = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map(f);

/** Round half to even (f32x4.nearest on a float32 value). */
function nearest(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** e^x for a float32 x, as the generated kernels compute it. */
export function expF32Documented(x0: number): number {
  const hi = f(88.8);
  const lo = f(-104);
  let x = hi < x0 ? hi : x0; // f32x4.pmin(x, 88.8)
  x = x < lo ? lo : x; // f32x4.pmax(x, −104)
  const k = nearest(f(x * f(Math.LOG2E)));
  const r = f(f(x - f(k * f(0.693359375))) - f(k * f(-2.1219444e-4)));
  let p = P[0]!;
  for (const c of P.slice(1)) p = f(f(p * r) + c);
  const y = f(f(f(p * f(r * r)) + r) + 1);
  const ki = Number.isNaN(k) ? 0 : k;
  const k1 = ki >> 1;
  return f(f(y * 2 ** k1) * 2 ** (ki - k1));
}

const T = [2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1].map(f);

/** tanh x for a float32 x, as the generated kernels compute it. */
export function tanhF32Documented(x: number): number {
  const a = Math.abs(x);
  const z = f(a * a);
  let p = f(-5.70498872745e-3);
  for (const c of T) p = f(f(p * z) + c);
  const y = a < 0.625 ? f(a + f(f(a * z) * p)) : f(1 - f(2 / f(expF32Documented(f(a + a)) + 1)));
  return x < 0 || Object.is(x, -0) ? -y : y;
}

/** The wasm backend with float32 exp and tanh from the kernels' threshold up replaced by the functions above. */
const documentedBackend: Backend = {
  ...wasmBackend,
  unary(op, x, outDtype) {
    if ((op !== "exp" && op !== "tanh") || !(x instanceof Float32Array) || outDtype !== "float32" || x.length < wasmElementwiseTuning.minElements) return wasmBackend.unary(op, x, outDtype);
    return Float32Array.from(x, op === "exp" ? expF32Documented : tanhF32Documented);
  },
};

/** Runs `f` (an uncompiled reference) with the float32 exp and tanh of the generated kernels, on the wasm backend. */
export function withDocumentedExp<T>(f: () => T): T {
  const previous = getBackend();
  if (previous !== wasmBackend) return f();
  setBackend(documentedBackend);
  try {
    return f();
  } finally {
    setBackend(previous);
  }
}
