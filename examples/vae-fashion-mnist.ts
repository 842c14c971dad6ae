// A variational autoencoder (Kingma & Welling 2014) on Fashion-MNIST, trained by the pathwise
// gradient of the evidence lower bound
//
//   ELBO(x) = E_{z∼q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ N(0, I))  ≤  log p(x),
//
// with an encoder MLP giving the mean and log standard deviation of a diagonal Normal q(z|x), a
// decoder MLP giving Bernoulli logits for the 784 pixels, z = μ + σ·ε drawn by `rsample` (so the
// gradient flows through the sample) and the KL term in closed form by `klDivergence`.
// Pixels are binarised afresh in every minibatch (x ∼ Bernoulli(grey level), "dynamic
// binarisation"), so the Bernoulli likelihood is a true likelihood and the ELBO is in nats.
//
// Run: npx tsx examples/vae-fashion-mnist.ts [options]   (needs the Debian package dataset-fashion-mnist)
//   --latent 16      latent dimensions (with 2, also the latent-space manifold)
//   --epochs 5 --batch 128 --lr 0.001 --hidden 400 --seed 0
//   --train 60000    training examples (a seeded subset when fewer)
//   --synthetic      the built-in synthetic shapes instead of Fashion-MNIST (no download)
//   --out out        where the pictures go: vae-<latent>d-reconstructions.svg, vae-<latent>d-samples.svg,
//                    and with --latent 2 vae-2d-manifold.svg
// Prints the ELBO per epoch (training average, and on the test images); a progress bar on a terminal.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { imageGridSvg } from "wengert/plot";
import { cast, concat, data, distributions, exp, linspace, mean, nn, noGrad, optim, random, relu, sigmoid, tensor, type Tensor } from "wengert";

const { Bernoulli, Independent, Normal, klDivergence } = distributions;

const { values: args } = parseArgs({
  options: {
    latent: { type: "string", default: "16" },
    epochs: { type: "string", default: "5" },
    batch: { type: "string", default: "128" },
    lr: { type: "string", default: "0.001" },
    hidden: { type: "string", default: "400" },
    seed: { type: "string", default: "0" },
    train: { type: "string" },
    test: { type: "string" },
    synthetic: { type: "boolean", default: false },
    out: { type: "string", default: "out" },
  },
});
const latent = Number(args.latent), epochs = Number(args.epochs), batchSize = Number(args.batch);
const hidden = Number(args.hidden), seed = Number(args.seed);

const source = args.synthetic
  ? data.datasets.synthetic({ train: Number(args.train ?? 2000), test: Number(args.test ?? 500), flatten: true, seed })
  : await data.datasets.fashionMnist({ flatten: true }); // grey levels in [0, 1]
const train = args.train !== undefined && !args.synthetic ? data.subset(source.train, Number(args.train), { seed }) : source.train;
const test = args.test !== undefined && !args.synthetic ? data.subset(source.test, Number(args.test), { seed }) : source.test;

/** q(z|x) = N(μ(x), diag σ(x)²) and p(x|z) = Bernoulli(sigmoid(logits(z))), each an MLP with one hidden layer. */
class VAE extends nn.Module {
  enc = new nn.Linear(784, hidden, { seed });
  encLoc = new nn.Linear(hidden, latent, { seed: seed + 1 });
  encLogScale = new nn.Linear(hidden, latent, { seed: seed + 2 });
  dec = new nn.Linear(latent, hidden, { seed: seed + 3 });
  decLogits = new nn.Linear(hidden, 784, { seed: seed + 4 });

  /** The approximate posterior q(z|x): a Normal over the latent axis, one per image. */
  encode(x: Tensor) {
    const h = relu(this.enc.forward(x));
    return new Independent(new Normal(this.encLoc.forward(h), exp(this.encLogScale.forward(h))), 1);
  }
  /** Bernoulli logits of the 784 pixels given z. */
  decode(z: Tensor): Tensor {
    return this.decLogits.forward(relu(this.dec.forward(z)));
  }
  /** The reconstruction's logits at z = μ(x), the mean of q(z|x). */
  forward(x: Tensor): Tensor {
    return this.decode(this.encode(x).mean);
  }
}

/** The ELBO of each image of a binarised batch [B, 784] with one reparameterised z each, and its two terms. */
function elbo(model: VAE, x: Tensor, key: random.PRNGKey) {
  const q = model.encode(x);
  const z = q.rsample([], key); // μ + σ·ε: pathwise, gradients reach the encoder through z
  const likelihood = new Independent(new Bernoulli({ logits: model.decode(z) }), 1);
  const reconstruction = likelihood.logProb(x); // log p(x|z), summed over pixels: [B]
  const kl = klDivergence(q, new Independent(new Normal(0, 1).expand(q.batchShape.concat([latent])), 1)); // [B], closed form
  return { elbo: reconstruction.sub(kl), reconstruction, kl };
}

/** Each pixel 1 with probability its grey level (dynamic binarisation). */
const binarize = (images: Tensor, key: random.PRNGKey): Tensor => cast(random.bernoulli(key, images), "float32");

const model = new VAE();
const optimizer = new optim.Adam(model.parameters(), { lr: Number(args.lr) });
const loader = new data.DataLoader(train, { batchSize, seed });
const root = random.key(seed);
const testImages = binarize(test.images, random.foldIn(root, -1)); // one fixed binarisation to compare epochs by

const tty = process.stderr.isTTY === true;
const bar = new cliProgress.SingleBar(
  { stream: process.stderr, format: "epoch {epoch} {bar} {value}/{total} batches | ELBO {elbo}", clearOnComplete: true, hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let step = 0;
for (let epoch = 1; epoch <= epochs; epoch++) {
  const started = performance.now();
  let sum = 0, sumRec = 0, sumKl = 0;
  if (tty) bar.start(loader.length, 0, { epoch, elbo: "-" });
  for (const { images } of loader) {
    const [kBin, kZ] = random.split(random.foldIn(root, step++));
    const terms = elbo(model, binarize(images, kBin!), kZ!);
    const loss = mean(terms.elbo).neg(); // maximise the ELBO
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    const n = images.shape[0]!;
    sum -= loss.item() * n;
    sumRec += mean(terms.reconstruction).item() * n;
    sumKl += mean(terms.kl).item() * n;
    if (tty) bar.increment({ elbo: (-loss.item()).toFixed(1) });
  }
  if (tty) bar.stop();
  const testElbo = noGrad(() => mean(elbo(model, testImages, random.foldIn(root, -2)).elbo).item());
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `epoch ${epoch}/${epochs}  ELBO ${(sum / loader.size).toFixed(2)} nats (reconstruction ${(sumRec / loader.size).toFixed(2)}, KL ${(sumKl / loader.size).toFixed(2)})` +
      ` | test ELBO ${testElbo.toFixed(2)} | ${seconds.toFixed(1)} s`,
  );
}

// Pictures: test images above their reconstructions (the decoder's pixel probabilities at z = μ(x)),
// and decodings of z drawn from the prior N(0, I).
mkdirSync(args.out, { recursive: true });
const cols = 10;
noGrad(() => {
  const originals = test.images.slice([0, 0], [3 * cols, 784]);
  const recon = sigmoid(model.forward(originals));
  const rows = [0, 1, 2].flatMap((r) => [originals.slice([r * cols, 0], [cols, 784]), recon.slice([r * cols, 0], [cols, 784])]);
  const name = `vae-${latent}d`;
  writeFileSync(join(args.out, `${name}-reconstructions.svg`), imageGridSvg(concat(rows, 0), { cols, title: "test images (odd rows) and their reconstructions (even rows)" }));
  const z = new Normal(0, 1).sample([5 * cols, latent], random.foldIn(root, -3));
  writeFileSync(join(args.out, `${name}-samples.svg`), imageGridSvg(sigmoid(model.decode(z)), { cols, title: "decoded samples from the prior N(0, I)" }));
  if (latent === 2) {
    // The latent-space manifold: decodings of a 15 × 15 grid of z at the standard Normal's quantiles.
    const k = 15;
    const u = [...new Normal(0, 1).icdf(linspace(0.05, 0.95, k)).data()];
    const grid = tensor(u.flatMap((_, r) => u.map((z1) => [z1, u[k - 1 - r]!]))); // z₂ grows upwards
    writeFileSync(join(args.out, `${name}-manifold.svg`), imageGridSvg(sigmoid(model.decode(grid)), { cols: k, padding: 0, title: "decodings of a grid over the 2-D latent space" }));
  }
});
console.log(`pictures in ${args.out}/`);
