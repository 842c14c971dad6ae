// Every case of the suite, in the order a full run takes them.
import { chainCase } from "./chain.js";
import { convCase } from "./conv.js";
import { distributionsCase } from "./distributions.js";
import { elementwiseCase } from "./elementwise.js";
import { inferenceCase } from "./inference.js";
import { linalgCase } from "./linalg.js";
import { matmulCase } from "./matmul.js";
import { memoryCase } from "./memory.js";
import { mlpCase } from "./mlp.js";
import { scalarCase } from "./scalar.js";
import { randomCase } from "./random.js";
import { softmaxCeCase } from "./softmax-ce.js";
import { sparseCase } from "./sparse.js";
import { sparseNewtonCase } from "./sparse-newton.js";
import { surrogateCase } from "./surrogate.js";
import { trainingCase } from "./training.js";
import { vmapCase } from "./vmap.js";
import type { BenchCase } from "./common.js";

/** The cases of `npm run bench`, in run order. */
export const CASES: readonly BenchCase[] = [scalarCase, matmulCase, elementwiseCase, mlpCase, convCase, softmaxCeCase, trainingCase, chainCase, memoryCase, randomCase, distributionsCase, surrogateCase, inferenceCase, sparseCase, sparseNewtonCase, vmapCase, linalgCase];
