import { tensor } from "../../../tensor/creation.js";
import { param } from "../../model/param.js";
import { invertSymmetric } from "./invert-symmetric.js";
import { makeAutoGuide, paramData, sampleDelta, type AutoGuide, type AutoGuideOptions } from "./auto-guide.js";

const FN = "infer.autoguides.laplace";

/**
 * The Laplace approximation (NumPyro's AutoLaplaceApproximation): fitted as a point mass `auto_loc`
 * in the unconstrained space (SVI then finds the mode of the unconstrained log density, Jacobians
 * included), read out as N(auto_loc, H⁻¹) with H the Hessian of −log p there.
 * NOTE: H is the central difference (step 1e-5·max(1, |q_i|)) of the exact compiled gradient, symmetrised.
 *
 * @example
 * const guide = infer.autoguides.laplace(model);
 * const svi = infer.svi(model, guide, optim.functional.adam({ lr: 0.05 }), { args: [x, y] });
 * svi.run(2000); guide.gaussian(svi.params).covariance;
 */
export function laplace(model: (...args: never[]) => unknown, options?: AutoGuideOptions): AutoGuide {
  return makeAutoGuide(model, options, {
    kind: "laplace",
    flat: (ld, _initScale, initLoc) => {
      const u = param("auto_loc", (k) => tensor(initLoc(k), { dtype: "float64" }));
      // the sites are emitted by the caller from u; the point mass itself has log density 0
      sampleDelta("_auto_latent", u, 0);
      return u;
    },
    gaussian: (ld, params, fn) => {
      const d = ld.dim;
      const mean = paramData(params, "auto_loc", FN);
      const h = new Float64Array(d * d);
      const gp = new Float64Array(d);
      const gm = new Float64Array(d);
      const q = mean.slice();
      for (let j = 0; j < d; j++) {
        const e = 1e-5 * Math.max(1, Math.abs(mean[j]!));
        q[j] = mean[j]! + e;
        ld.logDensityAndGrad(q, gp);
        q[j] = mean[j]! - e;
        ld.logDensityAndGrad(q, gm);
        q[j] = mean[j]!;
        for (let i = 0; i < d; i++) h[i * d + j] = -(gp[i]! - gm[i]!) / (2 * e);
      }
      for (let i = 0; i < d; i++)
        for (let j = 0; j < i; j++) h[i * d + j] = h[j * d + i] = 0.5 * (h[i * d + j]! + h[j * d + i]!);
      return { mean, covariance: invertSymmetric(h, d, fn) };
    },
  }, FN);
}
