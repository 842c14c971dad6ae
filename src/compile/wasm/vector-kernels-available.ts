import { getKernels } from "../../backend/wasm/module.js";

/** A module with one function that uses a SIMD instruction (`f32x4.splat` of 0, dropped). */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x43, 0x00, 0x00, 0x00, 0x00, 0xfd, 0x13, 0x1a, 0x0b,
]);

let simd: boolean | undefined;

/** Feature detection: true when the engine validates WebAssembly SIMD (checked once). */
export function wasmSimdSupported(): boolean {
  if (simd === undefined) {
    try {
      simd = typeof WebAssembly !== "undefined" && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simd = false;
    }
  }
  return simd;
}

/**
 * Switches for the generated vector kernels: `enabled` false makes `compile` plan as before them
 * (tests compare both ways).
 */
export const vectorKernelSettings = { enabled: true };

/** True when `compile` may generate wasm kernels for fused loops: SIMD validates and the backend's wasm memory exists. */
export function vectorKernelsAvailable(): boolean {
  return vectorKernelSettings.enabled && getKernels() !== null && wasmSimdSupported();
}
