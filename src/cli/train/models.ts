import type { Tensor } from "../../index.js";
import { relu } from "../../index.js";
import { BatchNorm1d, Conv2d, Flatten, Linear, MaxPool2d, Module } from "../../nn/index.js";

/** The models `wengert train` and `wengert eval` know. */
export const MODEL_KINDS = ["mlp", "cnn"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/**
 * The multilayer perceptron 784-256-128-10 with batch normalisation before each ReLU (235,914
 * parameters): images [N, 1, 28, 28] (or [N, 784]) to logits [N, 10].
 */
export class MLP extends Module {
  flatten = new Flatten();
  fc1: Linear;
  bn1 = new BatchNorm1d(256);
  fc2: Linear;
  bn2 = new BatchNorm1d(128);
  fc3: Linear;

  constructor(seed = 0) {
    super();
    this.fc1 = new Linear(784, 256, { seed });
    this.fc2 = new Linear(256, 128, { seed: seed + 1 });
    this.fc3 = new Linear(128, 10, { seed: seed + 2 });
  }

  forward(x: Tensor): Tensor {
    const h1 = relu(this.bn1.forward(this.fc1.forward(this.flatten.forward(x))));
    const h2 = relu(this.bn2.forward(this.fc2.forward(h1)));
    return this.fc3.forward(h2);
  }
}

/**
 * Two 3×3 convolutions with ReLU and 2×2 max pooling (1 → 16 → 32 channels, 28 → 14 → 7 pixels),
 * then 1568-128-10 (206,922 parameters): images [N, 1, 28, 28] to logits [N, 10].
 */
export class CNN extends Module {
  conv1: Conv2d;
  conv2: Conv2d;
  pool = new MaxPool2d(2);
  flatten = new Flatten();
  fc1: Linear;
  fc2: Linear;

  constructor(seed = 0) {
    super();
    this.conv1 = new Conv2d(1, 16, 3, { padding: 1, seed });
    this.conv2 = new Conv2d(16, 32, 3, { padding: 1, seed: seed + 1 });
    this.fc1 = new Linear(32 * 7 * 7, 128, { seed: seed + 2 });
    this.fc2 = new Linear(128, 10, { seed: seed + 3 });
  }

  forward(x: Tensor): Tensor {
    // relu∘maxPool = maxPool∘relu (relu is monotone), on a quarter of the elements
    const h1 = relu(this.pool.forward(this.conv1.forward(x)));
    const h2 = relu(this.pool.forward(this.conv2.forward(h1)));
    return this.fc2.forward(relu(this.fc1.forward(this.flatten.forward(h2))));
  }
}

/** A freshly initialised model of the given kind (layer i seeded with seed + i). */
export function createModel(kind: ModelKind, seed = 0): MLP | CNN {
  return kind === "mlp" ? new MLP(seed) : new CNN(seed);
}
