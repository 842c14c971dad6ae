/* global process, setImmediate */
// A fixed workload for paired A/B runs of the wasm tensor storage (farm-bench, whole-process CPU):
//   node bench/storage/workload.mjs DIST elementwise   300 calls of add(exp(x), mul(x, x)), 1e6 float32
//   node bench/storage/workload.mjs DIST mlp           200 SGD steps of the 784-256-10 MLP, batch 128
// DIST is a tsc build of src/ (tsc -p tsconfig.build.json --outDir DIST, plus
// src/backend/wasm/wasm-bytes.js copied to DIST/backend/wasm/). A turn of the event loop every 10
// calls lets FinalizationRegistry callbacks run, as in the bench harness. Example, against a build
// of the previous commit in /tmp/before:
//   farm-bench -n 5 --timeout 590 --vs 'node bench/storage/workload.mjs /tmp/before mlp' -- node bench/storage/workload.mjs /tmp/after mlp
const [dir, which] = process.argv.slice(2);
const W = await import(`${dir}/index.js`);
W.setNumThreads(1);
const turn = () => new Promise((r) => setImmediate(r));
if (which === "elementwise") {
  const n = 1e6;
  const X = new Float32Array(n);
  for (let i = 0; i < n; i++) X[i] = Math.sin(i);
  const x = W.tensor(X);
  for (let i = 0; i < 300; i++) {
    W.add(W.exp(x), W.mul(x, x));
    if (i % 10 === 9) await turn();
  }
} else if (which === "mlp") {
  const batch = 128;
  let seed = 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const arr = (n, s) => Float32Array.from({ length: n }, () => (rnd() * 2 - 1) * s);
  let params = {
    W: [W.tensor(arr(784 * 256, 0.05)).reshape([784, 256]), W.tensor(arr(2560, 0.1)).reshape([256, 10])],
    b: [W.tensor(new Float32Array(256)), W.tensor(new Float32Array(10))],
  };
  const X = W.tensor(arr(batch * 784, 1)).reshape([batch, 784]);
  const Yd = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) Yd[i * 10 + (i % 10)] = 1;
  const Y = W.tensor(Yd).reshape([batch, 10]);
  const negInvB = W.tensor(-1 / batch, { dtype: "float32" });
  const lr = W.tensor(0.01, { dtype: "float32" });
  const loss = (p, x, y) => {
    const h = W.relu(W.add(W.matmul(x, p.W[0]), p.b[0]));
    const o = W.add(W.matmul(h, p.W[1]), p.b[1]);
    return W.mul(W.sum(W.mul(W.logSoftmax(o), y)), negInvB);
  };
  const vg = W.valueAndGrad(loss);
  for (let i = 0; i < 200; i++) {
    const [v, g] = vg(params, X, Y);
    params = { W: params.W.map((w, l) => W.sub(w, W.mul(g.W[l], lr))), b: params.b.map((b, l) => W.sub(b, W.mul(g.b[l], lr))) };
    v.item();
    if (i % 10 === 9) await turn();
  }
} else {
  throw new Error(`usage: node bench/storage/workload.mjs DIST elementwise|mlp (got ${which})`);
}
