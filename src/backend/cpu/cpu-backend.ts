import type { Backend } from "../backend.js";
import { avgPool2d, avgPool2dTranspose } from "./avg-pool2d.js";
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from "./conv.js";
import { binary, cast, unary, where } from "./elementwise.js";
import { matmulTransposed } from "./matmul-transposed.js";
import { maxPool2d, maxPool2dGrad, maxPool2dTangent } from "./max-pool2d.js";
import { broadcastTo, concat, flip, gather, pad, scatterAdd, slice, transpose } from "./movement.js";
import { argReduce, reduce } from "./reduce.js";

/** The portable backend: plain loops over typed arrays, garbage-collected, no setup. */
export const cpuBackend: Backend = {
  name: "cpu",
  nativeElementwiseFrom: () => Infinity, // the same JS loops, one array per op
  unary,
  binary,
  where,
  reduce,
  argReduce,
  transpose,
  broadcastTo,
  slice,
  pad,
  concat,
  flip,
  gather,
  scatterAdd,
  matmul: matmulTransposed,
  conv2d,
  conv2dInputGrad,
  conv2dWeightGrad,
  maxPool2d,
  maxPool2dGrad,
  maxPool2dTangent,
  avgPool2d,
  avgPool2dTranspose,
  cast,
};
