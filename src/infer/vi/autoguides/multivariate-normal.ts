import { constraints } from "../../../distributions/index.js";
import { MultivariateNormal } from "../../../distributions/multivariate-normal.js";
import { eye, tensor } from "../../../tensor/creation.js";
import { mul } from "../../../ops/index.js";
import { param } from "../../model/param.js";
import { sample } from "../../model/sample.js";
import { makeAutoGuide, paramData, type AutoGuide, type AutoGuideOptions } from "./auto-guide.js";

const FN = "infer.autoguides.multivariateNormal";

/**
 * A full-covariance Gaussian guide in the model's unconstrained space (NumPyro's
 * AutoMultivariateNormal): params `auto_loc` (d) and `auto_scale_tril` (d × d, lower Cholesky; init
 * `initScale`·I), one flat latent `_auto_latent`, each site its slice mapped onto its support.
 *
 * @example
 * const guide = infer.autoguides.multivariateNormal(model);
 * infer.svi(model, guide, optim.functional.adam({ lr: 0.01 }), { args: [x, y] }).run(3000);
 */
export function multivariateNormal(model: (...args: never[]) => unknown, options?: AutoGuideOptions): AutoGuide {
  return makeAutoGuide(model, options, {
    kind: "multivariateNormal",
    flat: (ld, initScale, initLoc) => {
      const loc = param("auto_loc", (k) => tensor(initLoc(k), { dtype: "float64" }));
      const tril = param("auto_scale_tril", mul(eye(ld.dim, { dtype: "float64" }), initScale), { constraint: constraints.lowerCholesky });
      return sample("_auto_latent", new MultivariateNormal(loc, { scaleTril: tril }));
    },
    gaussian: (ld, params) => {
      const d = ld.dim;
      const mean = paramData(params, "auto_loc", FN);
      const l = paramData(params, "auto_scale_tril", FN);
      const covariance = new Float64Array(d * d);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let k = 0; k <= Math.min(i, j); k++) s += l[i * d + k]! * l[j * d + k]!;
          covariance[i * d + j] = s;
        }
      return { mean, covariance };
    },
  }, FN);
}
