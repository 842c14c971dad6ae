// linalg.matrixExp: closed forms, SciPy values, the Fréchet derivative against the block-triangular
// identity, finite differences in both modes and at second order, batches, float32 and errors.
import { describe, expect, it } from "vitest";
import { matrixExp } from "../../src/linalg/matrix-exp.js";
import { concat, matmul, mul, slice, sum } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { tensor, zeros } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { jvp } from "../../src/transforms/jvp.js";
import { expectNear, f64, gaussian, mT } from "./helpers.js";

/** The Fréchet derivative L(A, E) as the upper-right block of exp([[A, E], [0, A]]) (Mathias 1996). */
function frechet(A: Tensor, E: Tensor): Tensor {
  const n = A.shape[0]!;
  const z = zeros([n, n], { dtype: "float64" });
  const big = concat([concat([A, E], 1), concat([z, A], 1)], 0);
  return slice(matrixExp(big), [0, n], [n, n]);
}

describe("matrixExp", () => {
  it("closed forms: nilpotent, diagonal, rotation generator, zero", () => {
    expectNear(matrixExp(f64([[0, 1], [0, 0]])), [[1, 1], [0, 1]], 1e-15);
    expectNear(matrixExp(f64([[1, 0], [0, -2]])), [[Math.E, 0], [0, Math.exp(-2)]], 1e-15);
    const t = 2.5;
    expectNear(matrixExp(f64([[0, -t], [t, 0]])), [[Math.cos(t), -Math.sin(t)], [Math.sin(t), Math.cos(t)]], 1e-14);
    expectNear(matrixExp(f64([[0, 0], [0, 0]])), [[1, 0], [0, 1]], 0);
  });
  it("SciPy's values across the Padé degrees and with squaring (norms 0.01 to 40)", () => {
    // scipy.linalg.expm(s * np.array([[1, 2, 0], [-1, 0.5, 3], [0.2, -1, -2]]))
    const M = [[1, 2, 0], [-1, 0.5, 3], [0.2, -1, -2]];
    const want: [number, number[][]][] = [
      [0.002, [[1.001997996268735, 0.004005991329437807, 1.1995991002522797e-05], [-0.002001796065618652, 1.0009905004408743, 0.0059909930076529295], [0.0004015987988606576, -0.0019961979364841406, 0.9960020049314977]]],
      [0.05, [[1.0486924900448693, 0.10361310382225777, 0.007434009661848384], [-0.05106315094494404, 1.0190722092583806, 0.14426864124061406], [0.010980811187379806, -0.04759394643608146, 0.901326344778485]]],
      [0.2, [[1.1764891989594655, 0.45098897303799673, 0.11512791641531525], [-0.21398169487746682, 1.0061779974923086, 0.5037915849340222], [0.054692890338409274, -0.16025533388365304, 0.6247276488523954]]],
      [0.6, [[1.3393643679755913, 1.4857771396769581, 0.907074029925234], [-0.6521811668459554, 0.5143830680937347, 0.8680546646275854], [0.2241672164614652, -0.22887995288084625, 0.09336219087915842]]],
      [1.2, [[1.0282373019879134, 2.546644502017851, 2.589324830214906], [-1.0143897679874343, -0.9030862386240002, -0.06402049229558182], [0.4704415193863602, 0.19396181944618784, 0.013372448360620237]]],
      [10, [[-0.0896824611650205, 0.6765672673554116, 1.1165665984050581], [-0.22662697383719996, -0.817107577206402, -0.6599989965744698], [0.1607039432692959, 0.2944374387518271, 0.10508045274067572]]],
    ];
    for (const [s, w] of want) expectNear(matrixExp(mul(f64(M), s)), w, 1e-13 * Math.max(1, ...w.flat().map(Math.abs)), `s = ${s}`);
  });
  it("the derivative is the Fréchet derivative: grad ⟨G, e^A⟩ = L(Aᵀ, G), jvp = L(A, E)", () => {
    const A = mul(gaussian([3, 3], 1), 2);
    const E = gaussian([3, 3], 2);
    const G = gaussian([3, 3], 3);
    const [, t] = jvp((a: Tensor) => matrixExp(a), [A], [E]) as [Tensor, Tensor];
    expectNear(t, frechet(A, E), 1e-12);
    const g = grad((a: Tensor) => sum(mul(matrixExp(a), G)))(A) as Tensor;
    expectNear(g, frechet(mT(A), G), 1e-12);
  });
  it("e^A e^{-A} = I and e^{2A} = (e^A)² for a batch, including a large norm (squarings)", () => {
    const A = mul(gaussian([2, 4, 4], 4), 5);
    const I = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
    expectNear(matmul(matrixExp(A), matrixExp(mul(A, -1))), [I, I], 1e-8);
    const e = matrixExp(A);
    const rel = (x: Tensor, y: Tensor) => {
      const d = sum(mul(x.sub(y), x.sub(y))).item() / sum(mul(y, y)).item();
      return Math.sqrt(d);
    };
    expect(rel(matrixExp(mul(A, 2)), matmul(e, e))).toBeLessThan(1e-12);
  });
  it("derivatives against finite differences, both modes, batched, second order", () => {
    checkGrads((a) => matrixExp(a), [gaussian([3, 3], 5)], { rtol: 1e-6 });
    checkGrads((a) => matrixExp(a), [mul(gaussian([2, 3, 3], 6), 3)], { rtol: 1e-5 });
    checkGrads((a) => matrixExp(a), [mul(gaussian([2, 2], 7), 0.05)], { order: 2, rtol: 1e-5 });
    checkGrads((a) => matrixExp(a), [mul(gaussian([2, 2], 8), 4)], { order: 2, rtol: 1e-5 });
  });
  it("float32 stays float32 and is accurate to float32 rounding", () => {
    const r = matrixExp(tensor([[0, 1], [-1, 0]], { dtype: "float32" }));
    expect(r.dtype).toBe("float32");
    expectNear(r, [[Math.cos(1), Math.sin(1)], [-Math.sin(1), Math.cos(1)]], 1e-6);
  });
  it("errors name matrixExp, the argument, what was expected and what was given", () => {
    expect(() => matrixExp(f64([[1, 2, 3]]))).toThrow(/matrixExp: the argument must be square \(…, n, n\), got shape \[1, 3\]/);
    expect(() => matrixExp(f64([1, 2]))).toThrow(/matrixExp: the argument must be a matrix .*got shape \[2\]/);
  });
});
