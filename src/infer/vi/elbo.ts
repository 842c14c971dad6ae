import { ArgumentError } from "../../core/errors.js";
import { klDivergence } from "../../distributions/kl.js";
import { add, mul, sub, sum } from "../../ops/index.js";
import { stopGradient } from "../../primitives/other/stop-gradient.js";
import type { PRNGKey } from "../../random/key.js";
import { magicBox } from "../../stochastic/magic-box.js";
import { scalar } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { replay } from "../model/handlers/replay.js";
import { seed } from "../model/handlers/seed.js";
import { substitute } from "../model/handlers/substitute.js";
import { withMessenger } from "../model/messenger.js";
import { trace, type Trace } from "../model/trace.js";
import type { TraceSite } from "../model/trace-site.js";
import { ReparamMessenger } from "./reparam-messenger.js";

/** The ELBO estimators of `infer.svi`. */
export type ElboLoss = "trace" | "traceGraph" | "analyticKl";

/** One particle's ELBO estimate and its surrogate (same value; its gradient is the estimator's). */
export interface ElboParticle {
  /** The surrogate: a scalar whose value is the ELBO estimate and whose gradient estimates ∇ELBO. */
  readonly surrogate: Tensor;
  /** The score-function cost of each non-reparameterised guide site (for its baseline's running average). */
  readonly costs: ReadonlyMap<string, number>;
}

/** A model or guide function of the user's arguments. */
export type ModelFn = (...args: unknown[]) => unknown;

/** Σ of every element of a site's (scaled, masked) log density. */
function total(t: Tensor): Tensor {
  return t.ndim === 0 ? t : sum(t);
}

/** The guide's log density of a site without the subsampling scale (Pyro's `guide_site[log_pdf] / scale`, for score terms). */
function unscaledGuideTerm(s: TraceSite): Tensor {
  const lp = total(s.logProb);
  return s.scale === null ? lp : typeof s.scale === "number" ? mul(lp, 1 / s.scale) : total(s.logProb.div(s.scale));
}

/**
 * One particle of the ELBO (Pyro's Trace_ELBO / TraceGraph_ELBO / TraceMeanField_ELBO): runs the
 * guide (reparameterised where it can be) with the parameters substituted, replays the model on its
 * latent values, and returns log p(x, z) − log q(z) with a surrogate for the gradient.
 * - Reparameterised latents: the pathwise gradient flows through their values.
 * - Others (discrete): a DiCE term (magicBox(log q_i) − 1)·stop(cost_i − b_i), value 0, gradient
 *   ∇log q_i·(cost_i − b_i). "trace": cost_i is the whole particle's log p − log q (Pyro's Trace_ELBO);
 *   "traceGraph"/"analyticKl": cost_i is Rao-Blackwellised by guide order (Pyro's "conservative notion of
 *   dependency relying on sequential ordering"): the guide terms from site i on and every model term.
 * - "analyticKl": for a latent whose guide and prior have a registered KL, the pair log p(z) − log q(z)
 *   is replaced by −KL(q‖p) (scaled as the model site), the rest as "traceGraph" (NumPyro's TraceMeanField_ELBO).
 * NOTE: baselines are given per site name (numbers from a running average, Pyro's decaying-average baseline).
 * NOTE: an analytic KL term takes the model site's scale; a masked latent site keeps the sampled terms (its mask applies to them).
 */
export function elboParticle(
  model: ModelFn, guide: ModelFn, params: Readonly<Record<string, Tensor>>, args: readonly unknown[], key: PRNGKey,
  loss: ElboLoss, baselines: ReadonlyMap<string, number>, fn: string,
): ElboParticle {
  // NOTE: seed sits inside the reparameterising handler, so a site has its key before rsample draws with it.
  const guideRun = (...a: unknown[]): unknown => withMessenger(new ReparamMessenger(), () => seed(substitute(guide, params), key)(...a));
  const gt: Trace = trace(guideRun).getTrace(...args);
  const mt: Trace = trace(replay(substitute(model, params), gt)).getTrace(...args);
  const guideLatent = gt.latentSites();
  for (const s of mt.latentSites())
    if (!gt.has(s.name) || gt.get(s.name)!.type !== "sample")
      throw new ArgumentError(`${fn}: the model's latent site "${s.name}" has no sample site in the guide; the guide must sample every latent site of the model (observe it in the model, or add it to the guide)`);

  // Per-site terms of log p − log q.
  const modelTerms: Tensor[] = [];
  const klSites = new Set<string>();
  for (const s of mt) {
    if (s.type !== "sample") continue;
    if (loss === "analyticKl" && !s.isObserved && s.mask === null) {
      const g = gt.get(s.name)!;
      let kl: Tensor | null = null;
      try {
        kl = klDivergence(g.fn!, s.fn!);
      } catch (e) {
        if (!(e instanceof ArgumentError) || !e.message.startsWith("klDivergence: no KL rule")) throw e;
      }
      if (kl !== null) {
        let t = total(kl);
        if (s.scale !== null) t = typeof s.scale === "number" ? mul(t, s.scale) : total(mul(kl, s.scale));
        modelTerms.push(mul(t, -1));
        klSites.add(s.name);
        continue;
      }
    }
    modelTerms.push(total(s.logProb));
  }
  const guideTerms = guideLatent.map((s) => (klSites.has(s.name) ? null : total(s.logProb)));
  let elbo: Tensor = scalar(0, "float64");
  for (const t of modelTerms) elbo = add(elbo, t);
  for (const t of guideTerms) if (t !== null) elbo = sub(elbo, t);

  // Score-function terms for guide latents without a reparameterised sampler.
  const costs = new Map<string, number>();
  let surrogate = elbo;
  const modelSum = modelTerms.reduce((a: Tensor, t) => add(a, t), scalar(0, "float64"));
  guideLatent.forEach((s, i) => {
    if (s.fn!.hasRsample) return;
    let cost: Tensor;
    if (loss === "trace") cost = elbo;
    else {
      cost = modelSum;
      for (let j = i; j < guideLatent.length; j++) if (guideTerms[j] !== null) cost = sub(cost, guideTerms[j]!);
    }
    const c = stopGradient(cost).item();
    costs.set(s.name, c);
    const weight = c - (baselines.get(s.name) ?? 0);
    surrogate = add(surrogate, mul(sub(magicBox(unscaledGuideTerm(s)), 1), weight));
  });
  return { surrogate, costs };
}
