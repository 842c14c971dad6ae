import { describe, expect, it } from "vitest";
import { distributions as D, grad, random, sum, tensor, type Tensor } from "../../src/index.js";

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });
const key = random.key(21);
const N = 20000;

describe("relaxed (Concrete / Gumbel-softmax) distributions", () => {
  it("RelaxedBernoulli: the binary Concrete density; P(y > ½) is exactly p at every temperature; pathwise in the logits", () => {
    const [tau, logits, y] = [0.5, 0.4, 0.3];
    const a = Math.exp(logits);
    const density = (tau * a * y ** (-tau - 1) * (1 - y) ** (-tau - 1)) / (a * y ** -tau + (1 - y) ** -tau) ** 2;
    const d = new D.RelaxedBernoulli(f64(tau), { logits: f64(logits) });
    expect(d.logProb(f64(y)).item()).toBeCloseTo(Math.log(density), 10);
    expect(d.support.name).toBe("interval(0, 1)");
    const p = 1 / (1 + Math.exp(-logits));
    const above = Array.from(d.sample([N], key).data()).filter((v) => v > 0.5).length / N;
    expect(Math.abs(above - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    const g = grad((l: Tensor) => sum(new D.RelaxedBernoulli(0.5, { logits: l }).rsample([10], key)))(f64(0.4));
    expect(Number.isFinite(g.item()) && g.item() > 0).toBe(true);
    expect(() => new D.RelaxedBernoulli(0, { probs: 0.5 })).toThrow(/RelaxedBernoulli: temperature must be in greaterThan\(0\), got 0/);
  });

  it("RelaxedOneHotCategorical: the Concrete density; argmax of samples is Categorical(probs) (Gumbel-max)", () => {
    const probs = [0.2, 0.3, 0.5];
    const tau = 0.7;
    const x = [0.1, 0.6, 0.3];
    const k = 3;
    const s = probs.reduce((acc, a, i) => acc + a * x[i]! ** -tau, 0);
    const density = 2 * tau ** (k - 1) * probs.reduce((acc, a, i) => acc * a * x[i]! ** (-tau - 1), 1) / s ** k;
    const d = new D.RelaxedOneHotCategorical(f64(tau), { probs: f64(probs) });
    expect(d.eventShape).toEqual([3]);
    expect(d.logProb(f64(x)).item()).toBeCloseTo(Math.log(density), 10);
    const samples = d.sample([N], key);
    const v = samples.data();
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) {
      const row = [v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!];
      counts[row.indexOf(Math.max(...row))]!++;
    }
    probs.forEach((p, i) => expect(Math.abs(counts[i]! / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N)));
    expect(Array.from(samples.sum(-1).data()).every((t) => Math.abs(t - 1) < 1e-12)).toBe(true);
    const g = grad((l: Tensor) => sum(new D.RelaxedOneHotCategorical(0.5, { logits: l }).rsample([4], key).slice([0, 0], [4, 1])))(f64([0, 0, 0]));
    expect(Array.from(g.data()).every(Number.isFinite)).toBe(true);
  });
});
