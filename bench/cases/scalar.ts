// (a) Scalar AD overhead: value and gradient of f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5),
// ns per evaluation, next to the hand-written closed-form derivative (the limit).
import { consume } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, measureGroup, near, timedTable, timing, unavailable, torchRow, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

const F = Math.log(2) + 10 - Math.sin(5);
const G1 = 1 / 2 + 5;
const G2 = 2 - Math.cos(5);
const metric = { name: "ns/eval", of: (ms: number) => ms * 1e6 };

function check(v: number, g1: number, g2: number, tol: number): void {
  near("value", v, F, tol);
  near("∂f/∂x1", g1, G1, tol);
  near("∂f/∂x2", g2, G2, tol);
}

function entries(ctx: Ctx, rows: Row[]): Entry[] {
  const out: Entry[] = [];
  // Inputs read from arrays so that the closed form cannot be constant-folded.
  const X1 = new Float64Array(1024).fill(2);
  const X2 = new Float64Array(1024).fill(5);
  let k = 0;

  // wengert: the transform API, float64 scalars (JS numbers are doubles).
  const f = (x1: Wg.Tensor, x2: Wg.Tensor): Wg.Tensor => Wg.sub(Wg.add(Wg.log(x1), Wg.mul(x1, x2)), Wg.sin(x2));
  const vg = Wg.valueAndGrad(f, { argnums: [0, 1] });
  const a = Wg.scalar(2, "float64");
  const b = Wg.scalar(5, "float64");
  out.push({
    library: "wengert",
    variant: "valueAndGrad (float64)",
    role: "wengert",
    run: () => {
      const [v, [g1, g2]] = vg(a, b);
      consume(v.item() + g1!.item() + g2!.item());
    },
    check: () => {
      const [v, [g1, g2]] = vg(a, b);
      check(v.item(), g1!.item(), g2!.item(), 1e-12);
    },
  });
  // The eager, PyTorch-like API: leaves with requiresGrad, backward(), .grad.
  const e1 = Wg.tensor(2, { dtype: "float64", requiresGrad: true });
  const e2 = Wg.tensor(5, { dtype: "float64", requiresGrad: true });
  const eager = (): [number, number, number] => {
    e1.grad = null;
    e2.grad = null;
    const y = f(e1, e2);
    Wg.backward(y);
    return [y.item(), e1.grad!.item(), e2.grad!.item()];
  };
  out.push({
    library: "wengert",
    variant: "eager backward() (float64)",
    role: "wengert",
    run: () => {
      const [v, g1, g2] = eager();
      consume(v + g1 + g2);
    },
    check: () => {
      const [v, g1, g2] = eager();
      check(v, g1, g2, 1e-12);
    },
  });
  // The same valueAndGrad compiled to straight-line JavaScript (traced once, outside the timing).
  const cvg = Wg.compile(vg);
  out.push({
    library: "wengert",
    variant: "compile(valueAndGrad) (float64)",
    role: "wengert",
    run: () => {
      const [v, [g1, g2]] = cvg(a, b);
      consume(v.item() + g1!.item() + g2!.item());
    },
    check: () => {
      const [v, [g1, g2]] = cvg(a, b);
      check(v.item(), g1!.item(), g2!.item(), 1e-12);
    },
  });
  // The same, returning numbers instead of three one-element tensors (no allocation per call for results).
  const cvgn = Wg.compile(vg, { returns: "numbers" });
  out.push({
    library: "wengert",
    variant: 'compile(valueAndGrad, { returns: "numbers" }) (float64)',
    role: "wengert",
    run: () => {
      const [v, [g1, g2]] = cvgn(a, b);
      consume(v + g1! + g2!);
    },
    check: () => {
      const [v, [g1, g2]] = cvgn(a, b);
      check(v, g1!, g2!, 1e-12);
    },
  });
  out.push({ library: "wengert", variant: "value only, no AD (float64)", role: "wengert", run: () => consume(f(a, b).item()), check: () => near("value", f(a, b).item(), F, 1e-12) });
  const a32 = Wg.scalar(2, "float32");
  const b32 = Wg.scalar(5, "float32");
  out.push({
    library: "wengert",
    variant: "valueAndGrad (float32)",
    role: "wengert",
    run: () => {
      const [v, [g1, g2]] = vg(a32, b32);
      consume(v.item() + g1!.item() + g2!.item());
    },
  });

  out.push({
    library: "JS closed form",
    variant: "hand-written value+grad (the limit)",
    role: "reference",
    run: () => {
      const i = k++ & 1023;
      const x1 = X1[i]!;
      const x2 = X2[i]!;
      consume(Math.log(x1) + x1 * x2 - Math.sin(x2) + (1 / x1 + x2) + (x1 - Math.cos(x2)));
    },
    check: () => check(Math.log(2) + 2 * 5 - Math.sin(5), 1 / 2 + 5, 2 - Math.cos(5), 0),
  });

  for (const id of ["tfjs-cpu", "tfjs-wasm"] as const) {
    const p = ctx.peers[id];
    if (!p.ok) {
      rows.push(unavailable("", id, p.reason));
      continue;
    }
    const { tf, use } = p.api;
    void use();
    // tfjs has no float64; tidy frees the intermediates of each evaluation.
    const x1 = tf.scalar(2);
    const x2 = tf.scalar(5);
    const vgf = tf.valueAndGrads((...[u, w]: Parameters<typeof tf.add>[0][]) => tf.sub(tf.add(tf.log(u!), tf.mul(u!, w!)), tf.sin(w!)));
    const call = (): [number, number, number] =>
      tf.tidy(() => {
        const { value, grads } = vgf([x1, x2]);
        return [value.dataSync()[0]!, grads[0]!.dataSync()[0]!, grads[1]!.dataSync()[0]!];
      });
    out.push({
      library: id,
      variant: "tf.valueAndGrads",
      role: "peer",
      before: use,
      run: () => {
        const [v, g1, g2] = call();
        consume(v + g1 + g2);
      },
      check: async () => {
        await use();
        const [v, g1, g2] = call();
        check(v, g1, g2, 1e-5);
      },
    });
  }

  const jx = ctx.peers["jax-js"];
  if (!jx.ok) rows.push(unavailable("", "jax-js", jx.reason));
  else {
    const { jax, np } = jx.api;
    type A = ReturnType<typeof np.array>;
    // Every use but the last takes .ref (ops consume their arguments).
    const fj = (x1: A, x2: A): A => np.log(x1.ref).add(x1.mul(x2.ref)).sub(np.sin(x2));
    const vgEager = jax.valueAndGrad(fj, { argnums: [0, 1] });
    const vgJit = jax.jit(vgEager);
    const x1 = np.array(2);
    const x2 = np.array(5);
    for (const [variant, fn] of [
      ["valueAndGrad (eager)", vgEager],
      ["jit(valueAndGrad)", vgJit],
    ] as const) {
      const call = (): [number, number, number] => {
        const [v, [g1, g2]] = fn(x1.ref, x2.ref) as unknown as [A, [A, A]];
        return [v.dataSync()[0]!, g1.dataSync()[0]!, g2.dataSync()[0]!];
      };
      out.push({
        library: "jax-js",
        variant,
        role: "peer",
        run: () => {
          const [v, g1, g2] = call();
          consume(v + g1 + g2);
        },
        check: () => {
          const [v, g1, g2] = call();
          check(v, g1, g2, 1e-5);
        },
      });
    }
  }

  const jp = ctx.peers["js-pytorch"];
  if (!jp.ok) rows.push(unavailable("", "js-pytorch", jp.reason));
  else {
    const { torch, sin } = jp.api;
    const x1 = torch.tensor(2 as unknown as number[], true);
    const x2 = torch.tensor(5 as unknown as number[], true);
    const call = (): [number, number, number] => {
      x1.zero_grad();
      x2.zero_grad();
      const y = torch.log(x1).add(x1.mul(x2)).sub(sin(x2));
      y.backward();
      const g = (t: typeof x1): number => (t as unknown as { grad: number[] }).grad[0]!;
      return [(y._data as number[])[0]!, g(x1), g(x2)];
    };
    out.push({
      library: "js-pytorch",
      variant: "backward() (own sin op)",
      role: "peer",
      run: () => {
        const [v, g1, g2] = call();
        consume(v + g1 + g2);
      },
      check: () => {
        const [v, g1, g2] = call();
        check(v, g1, g2, 1e-12);
      },
    });
  }
  return out;
}

export const scalarCase: BenchCase = {
  id: "scalar",
  title: "(a) Scalar AD: value + gradient of ln(x1) + x1·x2 − sin(x2) at (2, 5)",
  async run(ctx) {
    const skipped: Row[] = [];
    const es = entries(ctx, skipped);
    const rows = [...(await measureGroup(ctx, "f(2, 5)", es, metric, 0, timing(ctx, 8000, 5))), ...skipped.map((r) => ({ ...r, group: "f(2, 5)" }))];
    const notes: string[] = [];
    const t = torchRow(ctx, "f(2, 5)", "backward(), float64 scalars", { case: "scalar" }, metric, rows[0], notes);
    if (t) rows.push(t);
    const w = rows.find((r) => r.variant.startsWith("valueAndGrad (float64)"))?.median;
    const v = rows.find((r) => r.variant.startsWith("value only"))?.median;
    const cf = rows.find((r) => r.role === "reference")?.median;
    if (w && cf) notes.push(`wengert valueAndGrad costs ${fmt(w / cf)}× the hand-written closed form (issue 8 target: ≤ 10×).`);
    const c = rows.find((r) => r.variant.startsWith("compile(valueAndGrad)"))?.median;
    if (c && cf) notes.push(`wengert compile(valueAndGrad) costs ${fmt(c / cf)}× the hand-written closed form (${fmt(c)} ns, three scalar tensors returned).`);
    const cn = rows.find((r) => r.variant.startsWith("compile(valueAndGrad, {"))?.median;
    if (cn && cf) notes.push(`wengert compile(valueAndGrad, { returns: "numbers" }) costs ${fmt(cn / cf)}× the hand-written closed form (${fmt(cn)} ns; issue 18 goal ≤ 2×).`);
    const e = rows.find((r) => r.variant.startsWith("eager backward()"))?.median;
    if (w && e && cf) notes.push(`issue 18 goal for valueAndGrad and eager backward(): ≤ 20× the closed form; now ${fmt(w / cf)}× and ${fmt(e / cf)}×.`);
    if (v) notes.push(`wengert forward without AD: 5 primitive calls in ${fmt(v)} ns, about ${fmt(v / 5)} ns per op (issue 2 target for scalar code: under 1 µs per op).`);
    return {
      id: "scalar",
      title: this.title,
      what:
        "ns per evaluation of the value and both partial derivatives, read back as numbers; inputs reused. " +
        "Each sample is an inner loop of calls (samples×calls in the table). Ratios are wengert's valueAndGrad (float64) time over the peer's.",
      table: timedTable("point", metric, rows),
      notes,
      raw: rows,
    };
  },
};
