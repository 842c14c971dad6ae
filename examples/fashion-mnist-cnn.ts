// A small convolutional network on Fashion-MNIST: two 3×3 convolutions with max pooling, then two
// linear layers. Muon (orthogonalised momentum: steepest descent under the spectral norm) trains the
// weight matrices and filters, Adam the biases, both along a cosine schedule. Progress every 100
// batches; the trained weights are saved as safetensors and loaded back into a fresh model.
// Run: npx tsx examples/fashion-mnist-cnn.ts [epochs]   (needs the Debian package dataset-fashion-mnist)
import { mkdirSync } from "node:fs";
import { argmax, crossEntropy, data, equal, nn, noGrad, optim, relu, slice, sum, type Tensor } from "wengert";

const { train, test } = await data.datasets.fashionMnist({ normalize: true }); // images [N, 1, 28, 28]

class CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 16, 3, { padding: 1, seed: 0 }); // → [N, 16, 28, 28]
  conv2 = new nn.Conv2d(16, 32, 3, { padding: 1, seed: 1 }); // → [N, 32, 14, 14]
  pool = new nn.MaxPool2d(2); // halves height and width
  flatten = new nn.Flatten();
  fc1 = new nn.Linear(32 * 7 * 7, 128, { seed: 2 });
  fc2 = new nn.Linear(128, 10, { seed: 3 });
  forward(x: Tensor): Tensor {
    const h1 = relu(this.pool.forward(this.conv1.forward(x))); // relu∘pool = pool∘relu, on fewer numbers
    const h2 = relu(this.pool.forward(this.conv2.forward(h1)));
    return this.fc2.forward(relu(this.fc1.forward(this.flatten.forward(h2))));
  }
}

/** Test accuracy, 1,000 images at a time, without recording anything for backward(). */
function accuracy(model: CNN): number {
  let correct = 0;
  noGrad(() => {
    for (let i = 0; i < 10000; i += 1000) {
      const logits = model.forward(slice(test.images, [i], [1000]));
      correct += sum(equal(argmax(logits, 1), slice(test.labels, [i], [1000]))).item();
    }
  });
  return correct / 10000;
}

const epochs = Number(process.argv[2] ?? 3);
const model = new CNN();
const loader = new data.DataLoader(train, { batchSize: 128, seed: 0 });
const cosine = (peak: number) => optim.schedules.cosine(peak, { totalSteps: epochs * loader.length });
const muon = new optim.Muon(model.parameters().filter((p) => p.ndim >= 2), { lr: cosine(0.02) });
const adam = new optim.Adam(model.parameters().filter((p) => p.ndim < 2), { lr: cosine(1e-3) });

for (let epoch = 1; epoch <= epochs; epoch++) {
  const start = performance.now();
  let batch = 0;
  for (const { images, labels } of loader) {
    const loss = crossEntropy(model.forward(images), labels);
    muon.zeroGrad();
    adam.zeroGrad();
    loss.backward();
    muon.step();
    adam.step();
    if (++batch % 100 === 0) console.log(`  epoch ${epoch}, batch ${batch}/${loader.length}: loss ${loss.item().toFixed(4)}`);
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`epoch ${epoch}: test accuracy ${accuracy(model).toFixed(4)} (${seconds.toFixed(0)} s, ${(loader.size / seconds).toFixed(0)} examples/s)`);
}

mkdirSync("out", { recursive: true });
await data.saveFile("out/fashion-mnist-cnn.safetensors", model, { metadata: { epochs: String(epochs) } });
const restored = new CNN();
restored.loadStateDict(await data.loadFile("out/fashion-mnist-cnn.safetensors"));
console.log(`saved out/fashion-mnist-cnn.safetensors; reloaded: test accuracy ${accuracy(restored).toFixed(4)}`);
