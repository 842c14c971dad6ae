// Shared by the training smoke tests: plain SGD with momentum through backward() and assign (what
// an optimizer does), an epoch loop over a DataLoader, and test accuracy.
import { noGrad, type Tensor } from "../../src/index.js";
import { argmax } from "../../src/ops/reductions.js";
import { DataLoader, type Split } from "../../src/data/index.js";
import { CrossEntropyLoss, type Module } from "../../src/nn/index.js";

/** SGD with momentum: v ← μv + g, p ← p − lr·v. */
export function sgd(params: Tensor[], lr: number, momentum = 0.9): () => void {
  const velocity = new Map<Tensor, Tensor>();
  return () =>
    noGrad(() => {
      for (const p of params) {
        const v = velocity.has(p) ? velocity.get(p)!.mul(momentum).add(p.grad!) : p.grad!;
        velocity.set(p, v);
        p.assign(p.sub(v.mul(lr)));
      }
    });
}

/** Trains with cross-entropy, batches of `batchSize`; returns the mean training loss of each epoch. */
export function train(model: Module, data: Split, epochs: number, lr: number, batchSize = 16): number[] {
  const lossFn = new CrossEntropyLoss();
  const step = sgd(model.parameters(), lr);
  const loader = new DataLoader(data, { batchSize, seed: 0 });
  const epochLosses: number[] = [];
  model.train();
  for (let e = 0; e < epochs; e++) {
    let total = 0;
    for (const { images, labels } of loader) {
      const loss = lossFn.forward(model.forward(images), labels);
      model.zeroGrad();
      loss.backward();
      step();
      total += loss.item() * labels.size;
    }
    epochLosses.push(total / loader.size);
  }
  return epochLosses;
}

/** The fraction of examples whose largest logit is the label (in eval mode). */
export function accuracy(model: Module, data: Split): number {
  model.eval();
  const predicted = noGrad(() => argmax(model.forward(data.images), -1)).data();
  const labels = data.labels.data();
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}
