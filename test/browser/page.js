// Runs in headless Chromium (test/browser/browser.test.ts): the built library, imported as a page
// would import it, checked against closed forms. Every check records what it saw; the test asserts.
import * as w from "/dist/index.js";

const out = { checks: {}, errors: [] };
const record = (name, value) => (out.checks[name] = value);
const sleep = (ms) => new Promise((r) => globalThis.setTimeout(r, ms));

async function run() {
  record("crossOriginIsolated", globalThis.crossOriginIsolated === true);
  record("wasmLoaded", await w.wasmBackendLoaded);
  record("backend", w.getBackend().name);
  // Threads actually usable: the hardware's on an isolated page, one where memory cannot be shared.
  record("threads", { usable: w.getNumThreads(), hardware: Math.min(16, globalThis.navigator.hardwareConcurrency || 1) });

  // The notes' f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5), both modes, against the closed form.
  const f = (x1, x2) => w.sub(w.add(w.log(x1), w.mul(x1, x2)), w.sin(x2));
  const [value, [g1, g2]] = w.valueAndGrad(f, { argnums: [0, 1] })(2, 5);
  record("notes", { value: value.item(), g1: g1.item(), g2: g2.item(), want: [Math.log(2) + 10 - Math.sin(5), 1 / 2 + 5, 2 - Math.cos(5)] });
  const [, tangent] = w.jvp(f, [2, 5], [1, 0]);
  record("jvp", tangent.item());
  record("hessian", w.hessian((x) => w.sum(w.mul(x, w.mul(x, x))))(w.tensor([1, 2])).toArray());

  // The eager API.
  const p = w.tensor([1, -2], { requiresGrad: true });
  p.mul(p).sum().backward();
  record("eager", p.grad.toArray());

  // A float32 matmul on the wasm kernels against a plain loop.
  const [m, k, n] = [67, 130, 45];
  const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
  const c = w.matmul(w.tensor(a, { shape: [m, k] }), w.tensor(b, { shape: [k, n] })).data();
  let err = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
      err = Math.max(err, Math.abs(s - c[i * n + j]));
    }
  record("matmulMaxError", err);

  // Two threads: a product large enough to be split, compared with one thread.
  const N = 512;
  const A = w.tensor(Float32Array.from({ length: N * N }, (_, i) => Math.sin(0.37 * i)), { shape: [N, N] });
  const B = w.tensor(Float32Array.from({ length: N * N }, (_, i) => Math.cos(0.11 * i)), { shape: [N, N] });
  w.setNumThreads(1);
  const one = w.matmul(A, B).data();
  w.setNumThreads(2);
  w.matmul(A, B); // starts the pool
  const { getPool } = await import("/dist/backend/wasm/threads.js");
  const pool = getPool();
  for (let t = 0; pool && pool.ready < 1 && t < 200; t++) await sleep(25);
  record("workersReady", pool ? pool.ready : 0);
  const two = w.matmul(A, B).data();
  let diff = 0;
  for (let i = 0; i < one.length; i++) diff = Math.max(diff, Math.abs(one[i] - two[i]) / (1 + Math.abs(one[i])));
  record("threadsMaxDifference", diff);
  w.setNumThreads(1);

  // A few training steps of a small CNN on the built-in shapes: the loss falls.
  const { train } = w.data.datasets.synthetic({ train: 128, test: 0, classes: 4, seed: 1 });
  const model = new w.nn.Sequential(new w.nn.Conv2d(1, 4, 3, { padding: 1, seed: 0 }), new w.nn.ReLU(), new w.nn.MaxPool2d(2), new w.nn.Flatten(), new w.nn.Linear(4 * 14 * 14, 4, { seed: 1 }));
  const opt = new w.optim.Adam(model.parameters(), { lr: 1e-2 });
  const losses = [];
  for (let epoch = 0; epoch < 12; epoch++)
    for (const { images, labels } of new w.data.DataLoader(train, { batchSize: 64, seed: epoch })) {
      const loss = w.crossEntropy(model.forward(images), labels);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
  record("losses", losses);

  // The graph picture: Graphviz compiled to wasm, loaded on first use.
  const svg = await w.trace(f, 2, 5).toSVG();
  record("svg", svg);
}

run().then(
  () => (globalThis.__wengert = out),
  (e) => {
    out.errors.push(String(e && e.stack ? e.stack : e));
    globalThis.__wengert = out;
  },
);
