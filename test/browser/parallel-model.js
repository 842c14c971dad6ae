// The model test/browser/parallel-chains-page.js samples with chainMethod "parallel": each Web
// Worker imports this module by URL, as a page's own model module would be imported.
import * as w from "/dist/index.js";

const f64 = { dtype: "float64" };

/** y ~ Normal(mu, sigma) with mu ~ Normal(0, 10), sigma ~ HalfNormal(5): a constrained latent too. */
export function normalModel(y) {
  const mu = w.infer.sample("mu", new w.distributions.Normal(w.tensor(0, f64), 10));
  const sigma = w.infer.sample("sigma", new w.distributions.HalfNormal(w.tensor(5, f64)));
  w.infer.plate("N", y.shape[0], () => w.infer.sample("y", new w.distributions.Normal(mu, sigma), { obs: y }));
}
