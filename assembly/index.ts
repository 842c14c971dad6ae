// Entry point of the wasm kernels (compiled by scripts/build-wasm.mjs). Every export takes raw
// byte offsets into the imported memory; the JS side (src/backend/wasm) owns allocation.
export { gemmF32, gemmF64, gemmUpdateF32, gemmUpdateF64, gemmScratchBytes } from "./gemm";
export { gemmPackBF32, gemmPackBF64, gemmPackedBF32, gemmPackedBF64, gemmPackedBElements } from "./gemm";
export {
  convScratchBytes, conv2dImageF32, conv2dImageF64, conv2dInputGradImageF32, conv2dInputGradImageF64, conv2dWeightGradImagesF32, conv2dWeightGradImagesF64,
} from "./conv";
export { poolScratchBytes, maxPool2dF32, maxPool2dF64, maxPool2dTangentF32, maxPool2dTangentF64, maxPool2dGradF32, maxPool2dGradF64 } from "./pool";
export {
  logF32, binaryF32, binaryF64, binaryRowsF32, binaryRowsF64, sumRowsF32, sumRowsF64, maxRowsF32, maxRowsF64, sumColsF32, sumColsF64,
} from "./elementwise";
export { binaryBroadcastF32, binaryBroadcastF64, compareF32, compareF64, whereF32, whereF64 } from "./broadcast";
export { expF64 } from "./exp-f64";
export { tanhF64 } from "./tanh";
export { expF32, tanhF32 } from "./exp-f32";
export { minRowsF32, minRowsF64, sumOuterInnerF32 } from "./elementwise";
export { gemvF64, gemvTF64 } from "./gemv";
export { gemvTWideF64 } from "./gemvt-wide";
export { luPanelF64 } from "./lu-panel";
export { adamStepF32 } from "./adam";
export { batchNormRowsF32, batchNormGradRowsF32 } from "./batch-norm";

/** Where the JS arena may start (after the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** A trivial pool task for the thread-pool tests: out[i] = i·i + 1, trapping when i == trapAt. */
export function poolProbe(i: i32, out: usize, trapAt: i32, _scratch: usize): void {
  if (i == trapAt) unreachable();
  store<i32>(out + (<usize>i << 2), i * i + 1);
}
