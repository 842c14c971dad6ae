import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { backward, customVjp, scalar, sin, tensor, valueAndGrad, type Tensor } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const depth = 50_000;
const x0 = 0.5;

/** d/dx of sin applied `depth` times, in closed form. */
function expectedGrad(): number {
  let v = x0;
  let g = 1;
  for (let i = 0; i < depth; i++) {
    g *= Math.cos(v);
    v = Math.sin(v);
  }
  return g;
}

// The heap is measured after full collections, so the figures are the retained bytes (no timing).
describe("reverse mode's memory per recorded op", () => {
  it("the forward pass of a scalar sin chain under valueAndGrad retains at most 400 bytes per op", () => {
    let before = 0;
    let perOp = 0;
    const chain = (z: Tensor): Tensor => {
      let y = z;
      for (let i = 0; i < depth; i++) y = sin(y);
      perOp = (heap() - before) / depth;
      return y;
    };
    const x = scalar(x0, "float64");
    before = heap();
    const [, g] = valueAndGrad(chain)(x);
    expect(g.item()).toBeCloseTo(expectedGrad(), 12);
    expect(perOp).toBeLessThan(400); // 755 before nodes lost their arrays and scalars their typed arrays
  });

  it("the compact scalar tape keeps no op's tracer alive: the chain's forward retains under 32 bytes per op on the JS heap", () => {
    let before = 0;
    let perOp = 0;
    const chain = (z: Tensor): Tensor => {
      let y = z;
      for (let i = 0; i < depth; i++) y = sin(y);
      perOp = (heap() - before) / depth;
      return y;
    };
    before = heap();
    const [, g] = valueAndGrad(chain)(scalar(x0, "float64"));
    expect(g.item()).toBeCloseTo(expectedGrad(), 12);
    // A tensor object alone is over 40 bytes; the tape's rows (48 bytes each) live in typed arrays off the JS heap.
    expect(perOp).toBeLessThan(32); // 122 when the tape held every op's tracer
  });

  it("valueAndGrad's sweep frees the graph behind it as it passes", () => {
    let before = 0;
    let afterForward = 0;
    let atLastNode = 0;
    // The first op of the chain is the sweep's last node: its backward sees what is still held.
    const probe = customVjp(
      (z: Tensor) => sin(z),
      (z: Tensor) => [sin(z), z],
      (z: Tensor, ct: Tensor) => {
        atLastNode = heap();
        return [ct.mul(z.cos())];
      },
    );
    const chain = (z: Tensor): Tensor => {
      let y = probe(z);
      for (let i = 1; i < depth; i++) y = sin(y);
      afterForward = heap();
      return y;
    };
    before = heap();
    const [, g] = valueAndGrad(chain)(scalar(x0, "float64"));
    expect(g.item()).toBeCloseTo(expectedGrad(), 12);
    const graph = afterForward - before;
    expect(graph).toBeGreaterThan(depth * 100); // the chain really was held after the forward pass
    expect(atLastNode - before).toBeLessThan(graph / 4); // and mostly given back by the time the sweep ends
  });

  it("eager backward without retainGraph still reports a second backward (the nodes keep their inputs)", () => {
    const x = tensor(x0, { dtype: "float64", requiresGrad: true });
    let y = x;
    for (let i = 0; i < 100; i++) y = sin(y);
    backward(y);
    expect(() => backward(y)).toThrow(/a second time/);
  });
});
