// Module: discovery of parameters, buffers and sub-modules from fields (nested, arrays, shared,
// private), train/eval, state-dict round trips and their error messages, zeroGrad, functionalCall.
import { describe, expect, it } from "vitest";
import { ArgumentError, grad, noGrad, sum, tensor, zeros, randn, type Tensor } from "../../src/index.js";
import { crossEntropy } from "../../src/ops/losses.js";
import { relu } from "../../src/ops/activations.js";
import {
  BatchNorm1d, Dropout, Flatten, Linear, Module, ReLU, Sequential, functionalCall, type StateDict,
} from "../../src/nn/index.js";

class Block extends Module {
  fc = new Linear(4, 4, { seed: 1 });
  norm = new BatchNorm1d(4);
  forward(x: Tensor): Tensor {
    return relu(this.norm.forward(this.fc.forward(x)));
  }
}

class Net extends Module {
  stem = new Linear(3, 4, { seed: 0 });
  blocks = [new Block(), new Block()];
  scale = tensor([2], { requiresGrad: true });
  table = [[tensor([1, 2], { requiresGrad: true })]];
  offset = zeros([4]); // a buffer: saved, not trained
  _cache = zeros([4], { requiresGrad: true }); // private: never discovered
  head = new Sequential(new ReLU(), new Linear(4, 2, { seed: 2 }));
  forward(x: Tensor): Tensor {
    let h = this.stem.forward(x).add(this.offset);
    for (const b of this.blocks) h = b.forward(h);
    return this.head.forward(h.mul(this.scale).add(this.table[0]![0]!.sum()));
  }
}

describe("discovery", () => {
  const net = new Net();

  it("names parameters by dotted field paths in definition order (arrays by index)", () => {
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      "scale", "table.0.0", "stem.weight", "stem.bias",
      "blocks.0.fc.weight", "blocks.0.fc.bias", "blocks.0.norm.weight", "blocks.0.norm.bias",
      "blocks.1.fc.weight", "blocks.1.fc.bias", "blocks.1.norm.weight", "blocks.1.norm.bias",
      "head.1.weight", "head.1.bias",
    ]);
  });

  it("tensors without requiresGrad are buffers; `_` fields are private", () => {
    expect(net.namedBuffers().map(([n]) => n)).toEqual([
      "offset",
      "blocks.0.norm.running_mean", "blocks.0.norm.running_var", "blocks.0.norm.num_batches_tracked",
      "blocks.1.norm.running_mean", "blocks.1.norm.running_var", "blocks.1.norm.num_batches_tracked",
    ]);
    expect(net.parameters()).not.toContain(net._cache);
    expect(Object.keys(net.stateDict())).not.toContain("_cache");
  });

  it("parameters() are the leaves an optimizer updates; numParameters counts scalars", () => {
    expect(net.parameters().every((p) => p.isLeaf && p.requiresGrad)).toBe(true);
    expect(net.numParameters()).toBe(1 + 2 + (12 + 4) + 2 * (16 + 4 + 4 + 4) + (8 + 2));
  });

  it("modules and children", () => {
    expect(net.namedChildren().map(([n]) => n)).toEqual(["stem", "blocks.0", "blocks.1", "head"]);
    expect(net.namedModules().map(([n]) => n)).toEqual([
      "", "stem", "blocks.0", "blocks.0.fc", "blocks.0.norm", "blocks.1", "blocks.1.fc", "blocks.1.norm", "head", "head.0", "head.1",
    ]);
  });

  it("a shared parameter is reported once, under its first name", () => {
    class Tied extends Module {
      a = new Linear(2, 2, { seed: 0 });
      b = new Linear(2, 2, { seed: 1 });
      constructor() {
        super();
        this.b.weight = this.a.weight;
      }
      forward(x: Tensor): Tensor {
        return this.b.forward(this.a.forward(x));
      }
    }
    expect(new Tied().namedParameters().map(([n]) => n)).toEqual(["a.weight", "a.bias", "b.bias"]);
  });

  it("toString outlines the tree", () => {
    const text = new Sequential(new Flatten(), new Linear(784, 10, { seed: 0 }), new Dropout(0.2)).toString();
    expect(text).toBe(
      "Sequential(\n  (0): Flatten(startAxis=1, endAxis=-1)\n  (1): Linear(inFeatures=784, outFeatures=10, bias=true)\n  (2): Dropout(p=0.2)\n)",
    );
  });
});

describe("train / eval, zeroGrad", () => {
  it("train(false) and eval() reach every sub-module", () => {
    const net = new Net();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.blocks[1]!.norm.training).toBe(true);
  });

  it("zeroGrad clears every parameter's .grad", () => {
    const net = new Net();
    net.forward(randn([5, 3], { seed: 0 })).sum().backward();
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe("state dicts", () => {
  it("round trip: a fresh model loaded with another's state dict computes the same function", () => {
    const a = new Net();
    a.forward(randn([8, 3], { seed: 1 })); // moves BatchNorm's running statistics
    const b = new Net();
    b.stem = new Linear(3, 4, { seed: 99 });
    b.loadStateDict(a.stateDict());
    a.eval();
    b.eval();
    const x = randn([6, 3], { seed: 2 });
    expect(b.forward(x).toArray()).toEqual(a.forward(x).toArray());
    expect(b.blocks[0]!.norm.numBatchesTracked!.item()).toBe(1);
  });

  it("loads in place: the parameter objects stay the same (optimizers keep working)", () => {
    const a = new Linear(2, 2, { seed: 0 });
    const w = a.weight;
    a.loadStateDict(new Linear(2, 2, { seed: 1 }).stateDict());
    expect(a.weight).toBe(w);
    expect(a.weight.requiresGrad).toBe(true);
  });

  it("a state dict is a snapshot: later updates do not change it", () => {
    const fc = new Linear(2, 2, { seed: 0 });
    const before = fc.stateDict();
    const old = before["weight"]!.toArray();
    noGrad(() => fc.weight.assign(fc.weight.add(1)));
    expect(before["weight"]!.toArray()).toEqual(old);
    expect(before["weight"]!.requiresGrad).toBe(false);
  });

  it("casts values to each tensor's dtype", () => {
    const fc = new Linear(2, 1, { seed: 0 });
    fc.loadStateDict({ weight: tensor([[1, 2]], { dtype: "float64" }), bias: tensor([3], { dtype: "float64" }) });
    expect(fc.weight.dtype).toBe("float32");
    expect(fc.weight.toArray()).toEqual([[1, 2]]);
  });

  it("names every missing and unexpected key, and loads nothing", () => {
    const fc = new Linear(2, 2, { seed: 0 });
    const before = fc.weight.toArray();
    const bad: StateDict = { weight: zeros([2, 2]), extra: zeros([1]), "other.bias": zeros([2]) };
    expect(() => fc.loadStateDict(bad)).toThrow(
      'loadStateDict into Linear: missing keys (in the module, not in the state dict): "bias". ' +
        'unexpected keys (in the state dict, not in the module): "extra", "other.bias". Nothing was loaded.',
    );
    expect(fc.weight.toArray()).toEqual(before);
  });

  it("names shape mismatches with both shapes", () => {
    const fc = new Linear(3, 2, { seed: 0 });
    expect(() => fc.loadStateDict({ weight: zeros([3, 2]), bias: zeros([2]) })).toThrow(
      /shape mismatch for "weight": the module has \[2, 3\], the state dict \[3, 2\]/,
    );
  });

  it("strict: false returns the unmatched keys instead of raising", () => {
    const fc = new Linear(2, 2, { seed: 0 });
    const result = fc.loadStateDict({ weight: zeros([2, 2]), extra: zeros([1]) }, { strict: false });
    expect(result).toEqual({ missingKeys: ["bias"], unexpectedKeys: ["extra"] });
    expect(fc.weight.toArray()).toEqual([[0, 0], [0, 0]]);
    expect(() => fc.loadStateDict({ weight: zeros([1]) }, { strict: false })).toThrow(/shape mismatch/);
  });

  it("rejects values that are not tensors", () => {
    const fc = new Linear(1, 1, { seed: 0 });
    expect(() => fc.loadStateDict({ weight: [[1]] as unknown as Tensor, bias: zeros([1]) })).toThrow(/"weight" is not a Tensor \(got an array of length 1\)/);
  });

  it("loads all or nothing: a value that cannot be assigned is found before the first assignment", () => {
    class Derived extends Module<[Tensor], Tensor> {
      w = tensor([1], { requiresGrad: true });
      twice = this.w.mul(2); // computed by an op: not a leaf, cannot be loaded in place
      forward(x: Tensor) {
        return x.mul(this.w);
      }
    }
    const m = new Derived();
    expect(() => m.loadStateDict({ w: tensor([5]), twice: tensor([7]) })).toThrow(ArgumentError);
    expect(() => m.loadStateDict({ w: tensor([5]), twice: tensor([7]) })).toThrow(/the module's "twice" is not a leaf tensor.*Nothing was loaded/);
    expect(m.w.toArray()).toEqual([1]);
    // a transform's tracer as a value (bias comes after weight)
    const fc = new Linear(2, 2, { seed: 0 });
    const before = fc.weight.toArray();
    expect(() => grad((b: Tensor) => {
      fc.loadStateDict({ weight: zeros([2, 2]), bias: b });
      return sum(b);
    })(zeros([2]))).toThrow(/"bias" is a transform's tracer/);
    expect(fc.weight.toArray()).toEqual(before);
  });

  it("null, a non-object or bad options raise an ArgumentError naming the method", () => {
    const fc = new Linear(1, 1, { seed: 0 });
    expect(() => fc.loadStateDict(null as never)).toThrow(ArgumentError);
    expect(() => fc.loadStateDict(null as never)).toThrow("Linear.loadStateDict: state must be a state dict (an object of tensors by name, from stateDict()), got null");
    expect(() => fc.loadStateDict("weights" as never)).toThrow(/got the string "weights"/);
    expect(() => fc.loadStateDict(fc.stateDict(), { strict: "no" as never })).toThrow(/strict must be a boolean/);
  });
});

describe("Sequential", () => {
  it("names layers 0, 1, … like PyTorch, and appends", () => {
    const s = new Sequential(new Linear(2, 3, { seed: 0 }), new ReLU());
    s.append(new Linear(3, 1, { seed: 1 }));
    expect(s.length).toBe(3);
    expect(s.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "2.weight", "2.bias"]);
    expect(s.forward(zeros([5, 2])).shape).toEqual([5, 1]);
    expect(() => new Sequential({} as never)).toThrow(/argument 0 is not a Module/);
  });
});

describe("functionalCall", () => {
  it("grad through functionalCall equals the eager gradients", () => {
    const model = new Sequential(new Linear(3, 5, { seed: 0, dtype: "float64" }), new ReLU(), new Linear(5, 2, { seed: 1, dtype: "float64" }));
    const x = randn([4, 3], { seed: 3, dtype: "float64" });
    const labels = [0, 1, 1, 0];
    const params = Object.fromEntries(model.namedParameters());
    const g = grad((p: StateDict) => crossEntropy(functionalCall(model, p, x), labels))(params) as StateDict;
    crossEntropy(model.forward(x), labels).backward();
    for (const [name, p] of model.namedParameters()) {
      const a = g[name]!.data();
      const b = p.grad!.data();
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));
    }
    // the originals are back
    expect(model.parameters()).toEqual(Object.values(params));
  });

  it("names unknown tensors", () => {
    const fc = new Linear(1, 1, { seed: 0 });
    expect(() => functionalCall(fc, { wieght: zeros([1, 1]) }, zeros([1, 1]))).toThrow(/Linear has no tensor named "wieght" \(known: weight, bias\)/);
  });
});
