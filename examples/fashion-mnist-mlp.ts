// The classic training loop on real data: the variables to optimise (a model's parameters), forward
// code, a loss, loss.backward(), an optimizer step. Fashion-MNIST, a 784-256-128-10 MLP, Adam.
// Run: npx tsx examples/fashion-mnist-mlp.ts   (needs the Debian package dataset-fashion-mnist)
import { argmax, crossEntropy, data, equal, nn, noGrad, optim, relu, sum, type Tensor } from "wengert";

const { train, test } = await data.datasets.fashionMnist({ normalize: true, flatten: true });

class MLP extends nn.Module {
  fc1 = new nn.Linear(784, 256, { seed: 0 });
  bn1 = new nn.BatchNorm1d(256);
  fc2 = new nn.Linear(256, 128, { seed: 1 });
  bn2 = new nn.BatchNorm1d(128);
  fc3 = new nn.Linear(128, 10, { seed: 2 });
  forward(x: Tensor): Tensor {
    const h = relu(this.bn1.forward(this.fc1.forward(x)));
    return this.fc3.forward(relu(this.bn2.forward(this.fc2.forward(h))));
  }
}

const epochs = 5;
const model = new MLP(); // the variables w_i are model.parameters()
const loader = new data.DataLoader(train, { batchSize: 128, seed: 0 });
const lr = optim.schedules.cosine(1e-3, { totalSteps: epochs * loader.length });
const optimizer = new optim.Adam(model.parameters(), { lr });

for (let epoch = 1; epoch <= epochs; epoch++) {
  model.train();
  let total = 0;
  for (const { images, labels } of loader) {
    const loss = crossEntropy(model.forward(images), labels); // forward code, then how badly we did
    optimizer.zeroGrad();
    loss.backward(); // reverse mode fills p.grad of every parameter
    optimizer.step(); // w ← w − η·(Adam's direction from w.grad)
    total += loss.item() * labels.shape[0]!;
  }
  model.eval(); // batch norm uses its running statistics from here on
  const correct = noGrad(() => sum(equal(argmax(model.forward(test.images), 1), test.labels)).item());
  console.log(`epoch ${epoch}: train loss ${(total / loader.size).toFixed(4)}, test accuracy ${(correct / 10000).toFixed(4)}`);
}
