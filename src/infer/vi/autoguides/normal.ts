import { constraints } from "../../../distributions/index.js";
import { Independent } from "../../../distributions/independent.js";
import { Normal } from "../../../distributions/normal.js";
import { full, tensor } from "../../../tensor/creation.js";
import { param } from "../../model/param.js";
import { sample } from "../../model/sample.js";
import { makeAutoGuide, paramData, type AutoGuide, type AutoGuideOptions } from "./auto-guide.js";

const FN = "infer.autoguides.normal";

/**
 * A mean-field Gaussian guide in the model's unconstrained space (NumPyro's AutoNormal /
 * AutoDiagonalNormal): params `auto_loc` (d) and `auto_scale` (d, positive; init `initScale`),
 * one flat latent `_auto_latent`, each site its slice mapped by the bijection onto its support.
 * NOTE: `auto_loc` starts at 0 in the unconstrained space unless `initLoc: "median"` (NumPyro's default, the prior's median).
 *
 * @example
 * const guide = infer.autoguides.normal(model);
 * const svi = infer.svi(model, guide, optim.functional.adam({ lr: 0.01 }), { args: [x, y] });
 * svi.run(2000); guide.median(svi.params).w;
 */
export function normal(model: (...args: never[]) => unknown, options?: AutoGuideOptions): AutoGuide {
  return makeAutoGuide(model, options, {
    kind: "normal",
    flat: (ld, initScale, initLoc) => {
      const loc = param("auto_loc", (k) => tensor(initLoc(k), { dtype: "float64" }));
      const scale = param("auto_scale", full([ld.dim], initScale, { dtype: "float64" }), { constraint: constraints.positive });
      return sample("_auto_latent", new Independent(new Normal(loc, scale), 1));
    },
    gaussian: (ld, params) => {
      const mean = paramData(params, "auto_loc", FN);
      const s = paramData(params, "auto_scale", FN);
      const covariance = new Float64Array(ld.dim * ld.dim);
      for (let i = 0; i < ld.dim; i++) covariance[i * ld.dim + i] = s[i]! ** 2;
      return { mean, covariance };
    },
  }, FN);
}
