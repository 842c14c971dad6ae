import { tensor } from "../../../tensor/creation.js";
import type { PRNGKey } from "../../../random/key.js";
import type { Tensor } from "../../../tensor/tensor.js";
import { param } from "../../model/param.js";
import { makeAutoGuide, paramData, sampleDelta, type AutoGuide, type AutoGuideOptions } from "./auto-guide.js";

const FN = "infer.autoguides.delta";

/**
 * A point-mass guide (NumPyro's AutoDelta): one param `<site>_auto_loc` per latent site on its
 * constrained scale (kept in its support through `transformTo`), the site a Delta there, so SVI
 * maximises log p(x, z): the MAP estimate on the constrained scale (no Jacobian).
 * NOTE: each `<site>_auto_loc` starts at the bijection's image of 0, or with `initLoc: "median"` at
 * the prior's median (NumPyro's default).
 *
 * @example
 * const guide = infer.autoguides.delta(model);
 * infer.svi(model, guide, optim.functional.adam({ lr: 0.05 }), { args: [y] }).run(1000);
 */
export function delta(model: (...args: never[]) => unknown, options?: AutoGuideOptions): AutoGuide {
  return makeAutoGuide(model, options, {
    kind: "delta",
    flat: (ld, _initScale, initLoc) => {
      for (const s of ld.slots) {
        const init = (k: PRNGKey | null): Tensor =>
          s.transform.forward(tensor(initLoc(k).subarray(s.offset, s.offset + s.size), { dtype: "float64", shape: s.unconstrainedShape.slice() }));
        const v = param(`${s.name}_auto_loc`, init, { constraint: s.transform.codomain });
        sampleDelta(s.name, v, 0);
      }
      return null;
    },
    // NOTE: the point's unconstrained image with zero covariance, so median/quantiles/sample repeat the point.
    gaussian: (ld, params) => {
      const mean = new Float64Array(ld.dim);
      for (const s of ld.slots) {
        const name = `${s.name}_auto_loc`;
        paramData(params, name, FN);
        mean.set(Float64Array.from(s.transform.inverse(params[name]!).data() as ArrayLike<number>), s.offset);
      }
      return { mean, covariance: new Float64Array(ld.dim * ld.dim) };
    },
  }, FN);
}
