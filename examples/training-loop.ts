// The classic training loop, line for line: mark the variables to optimise, run
// forward code, compute `loss`, call `loss.backward()`, read `.grad`, update w ← w − η·w.grad.
// Here: fit y = 3x − 2 + noise with a line. Run: npx tsx examples/training-loop.ts
import { noGrad, randn, tensor } from "wengert";

const x = randn([64, 1], { seed: 0 });
const y = x.mul(3).sub(2).add(randn([64, 1], { seed: 1 }).mul(0.1));

const w = tensor([[0]], { requiresGrad: true }); // the variables to optimise
const b = tensor([0], { requiresGrad: true });
const lr = 0.1;

for (let step = 0; step <= 100; step++) {
  const prediction = x.matmul(w).add(b); // forward code
  const loss = prediction.sub(y).square().mean(); // how badly we did
  loss.backward(); // reverse mode fills w.grad and b.grad
  noGrad(() => {
    w.assign(w.sub(w.grad!.mul(lr))); // w ← w − η ∇w
    b.assign(b.sub(b.grad!.mul(lr)));
  });
  w.zeroGrad();
  b.zeroGrad();
  if (step % 20 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(5)}`);
}
console.log(`w = ${w.item().toFixed(3)} (true 3), b = ${b.item().toFixed(3)} (true -2)`);
