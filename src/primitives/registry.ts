import { addP } from "./binary/add.js";
import { atan2P } from "./binary/atan2.js";
import { divP } from "./binary/div.js";
import { maximumP } from "./binary/maximum.js";
import { mulP } from "./binary/mul.js";
import { powP } from "./binary/pow.js";
import { subP } from "./binary/sub.js";
import { equalP } from "./compare/equal.js";
import { greaterEqualP } from "./compare/greater-equal.js";
import { greaterP } from "./compare/greater.js";
import { lessEqualP } from "./compare/less-equal.js";
import { lessP } from "./compare/less.js";
import { logicalAndP } from "./compare/logical-and.js";
import { logicalOrP } from "./compare/logical-or.js";
import { notEqualP } from "./compare/not-equal.js";
import { matmulP } from "./linalg/matmul.js";
import { broadcastToP } from "./movement/broadcast-to.js";
import { concatP } from "./movement/concat.js";
import { flipP } from "./movement/flip.js";
import { gatherP } from "./movement/gather.js";
import { padP } from "./movement/pad.js";
import { reshapeP } from "./movement/reshape.js";
import { scatterAddP } from "./movement/scatter-add.js";
import { sliceP } from "./movement/slice.js";
import { transposeP } from "./movement/transpose.js";
import { castP } from "./other/cast.js";
import { stopGradientP } from "./other/stop-gradient.js";
import { whereP } from "./other/where.js";
import type { AnyPrimitive } from "./primitive.js";
import { argmaxP, argminP } from "./reduce/arg-reduce.js";
import { reduceMaxP } from "./reduce/reduce-max.js";
import { sumP } from "./reduce/sum.js";
import { absP } from "./unary/abs.js";
import { acosP } from "./unary/acos.js";
import { asinP } from "./unary/asin.js";
import { atanP } from "./unary/atan.js";
import { ceilP } from "./unary/ceil.js";
import { cosP } from "./unary/cos.js";
import { coshP } from "./unary/cosh.js";
import { erfP } from "./unary/erf.js";
import { digammaP } from "./special/digamma.js";
import { erfcP } from "./special/erfc.js";
import { erfinvP } from "./special/erfinv.js";
import { lgammaP } from "./special/lgamma.js";
import { polygammaP } from "./special/polygamma.js";
import { gammaincP, gammainccP } from "./special/gammainc.js";
import { betaincP } from "./special/betainc.js";
import { expP } from "./unary/exp.js";
import { expm1P } from "./unary/expm1.js";
import { floorP } from "./unary/floor.js";
import { logP } from "./unary/log.js";
import { log1pP } from "./unary/log1p.js";
import { logicalNotP } from "./unary/logical-not.js";
import { negP } from "./unary/neg.js";
import { roundP } from "./unary/round.js";
import { signP } from "./unary/sign.js";
import { sinP } from "./unary/sin.js";
import { sinhP } from "./unary/sinh.js";
import { sqrtP } from "./unary/sqrt.js";
import { tanP } from "./unary/tan.js";
import { tanhP } from "./unary/tanh.js";

/**
 * Every first-order primitive, by family. The registry-driven gradient suite runs over this list;
 * higher-order primitives (custom rules, checkpoint) register themselves with `registerPrimitive`.
 */
export const primitives: readonly AnyPrimitive[] = [
  // unary elementwise
  negP, expP, logP, log1pP, expm1P, sinP, cosP, tanP, asinP, acosP, atanP, sinhP, coshP, tanhP,
  sqrtP, absP, erfP, signP, floorP, ceilP, roundP, logicalNotP,
  // special functions
  lgammaP, digammaP, polygammaP, erfinvP, erfcP, gammaincP, gammainccP, betaincP,
  // binary elementwise
  addP, subP, mulP, divP, powP, maximumP, atan2P,
  // comparison and logic
  lessP, lessEqualP, greaterP, greaterEqualP, equalP, notEqualP, logicalAndP, logicalOrP,
  // selection, conversion
  whereP, castP, stopGradientP,
  // reductions
  sumP, reduceMaxP, argmaxP, argminP,
  // movement
  reshapeP, broadcastToP, transposeP, sliceP, padP, concatP, flipP, gatherP, scatterAddP,
  // linear algebra
  matmulP,
];

const extra: AnyPrimitive[] = [];

/** Registers a primitive defined outside this folder (higher-order primitives of the transforms). */
export function registerPrimitive(p: AnyPrimitive): void {
  if (!extra.includes(p)) extra.push(p);
}

/** All registered primitives, first-order and higher-order. */
export function allPrimitives(): readonly AnyPrimitive[] {
  return [...primitives, ...extra];
}
