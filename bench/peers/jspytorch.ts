// js-pytorch 0.7.2: nested JS arrays (float64), a PyTorch-like API, recursive backward. Its GPU
// dependency is stubbed out in package.json ("overrides"; it pulls in the native `gl` build); the
// CPU path used here never loads it. It has no sin(): `makeSin` adds one in the style of its own ops.
import { loadPeer, packageVersion, type Loaded } from "./load.js";

type JsPytorchModule = typeof import("js-pytorch");
export type Torch = JsPytorchModule["torch"];
export type JTensor = InstanceType<Torch["Tensor"]>;

export interface JsPytorchPeer {
  torch: Torch;
  sin: (a: JTensor) => JTensor;
  info: Record<string, unknown>;
}

type Nested = number | Nested[];
const mapDeep = (a: Nested, f: (x: number) => number): Nested => (typeof a === "number" ? f(a) : a.map((e) => mapDeep(e, f)));
const zipDeep = (a: Nested, b: Nested, f: (x: number, y: number) => number): Nested =>
  typeof a === "number" ? f(a, b as number) : a.map((e, i) => zipDeep(e, (b as Nested[])[i]!, f));

function makeSin(torch: Torch): (a: JTensor) => JTensor {
  const { Tensor } = torch;
  // Follows the structure of js-pytorch's own Exp op: forward links parents/children, backward calls a.backward(da, z).
  class Sin {
    cache: JTensor | null = null;
    forward(a: JTensor): JTensor {
      this.cache = a;
      const z = new Tensor(mapDeep(a._data as Nested, Math.sin) as number[], a.requires_grad);
      if (a.requires_grad) {
        z.parents.push(a);
        a.children.push(z);
        z.operation = this;
      }
      return z;
    }
    backward(dz: JTensor, z: JTensor): void {
      const a = this.cache!;
      if (a.requires_grad) a.backward(new Tensor(zipDeep(a._data as Nested, dz._data as Nested, (x, g) => Math.cos(x) * g) as number[]), z);
    }
  }
  return (a) => new Sin().forward(a);
}

export function loadJsPytorch(): Promise<Loaded<JsPytorchPeer>> {
  return loadPeer(async () => {
    const mod = (await import("js-pytorch")) as JsPytorchModule;
    const version = packageVersion("js-pytorch");
    return { api: { torch: mod.torch, sin: makeSin(mod.torch), info: { dtype: "float64 (nested JS arrays)" } }, version };
  });
}
