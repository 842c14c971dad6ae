import { describe, expect, it } from "vitest";
import { add, mul, nn, randn, reshape, tensor, zeros, full, type Tensor } from "../../src/index.js";
import { batchNorm } from "../../src/ops/batch-norm-primitive.js";

const same = (a: Tensor, b: Tensor): boolean => {
  const [x, y] = [a.data(), b.data()];
  return x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));
};

describe("BatchNorm running statistics (one loop per statistic)", () => {
  // The ops the loop replaces: running ← (1 − m)·running + m·batch, the variance unbiased (·count/(count − 1)).
  for (const dtype of ["float32", "float64"] as const)
    for (const momentum of [0.1, 0.37, null])
      for (const shape of [[16, 6], [4, 3, 5], [3, 2, 4, 4]])
        it(`${dtype}, momentum ${momentum}, input [${shape.join(", ")}]: the ops' bits over four steps`, () => {
          const C = shape[1]!;
          const layer = shape.length === 4 ? new nn.BatchNorm2d(C, { momentum, dtype }) : new nn.BatchNorm1d(C, { momentum, dtype });
          layer.train();
          let [rm, rv] = [zeros([C], { dtype }), full([C], 1, { dtype })];
          const keep = [1];
          for (let t = 1; t <= 4; t++) {
            const x = randn(shape, { dtype, seed: t }).mul(t).add(t - 2);
            const xv = x.data();
            if (t === 3) xv[0] = 1e30;
            const xi = tensor(xv, { shape, dtype });
            layer.forward(xi);
            const [, mu, v] = batchNorm(xi, { keep, eps: 1e-5 }) as [Tensor, Tensor, Tensor];
            const count = xi.size / C;
            const m = momentum ?? 1 / t;
            rm = add(mul(rm, 1 - m), mul(reshape(mu, [C]), m));
            rv = add(mul(rv, 1 - m), mul(mul(reshape(v, [C]), count / (count - 1)), m));
            expect(same(layer.runningMean!, rm), `step ${t} mean`).toBe(true);
            expect(same(layer.runningVar!, rv), `step ${t} variance`).toBe(true);
            expect(layer.runningMean!.dtype).toBe(dtype);
          }
        });
});
