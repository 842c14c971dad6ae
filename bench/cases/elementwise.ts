// (c) Elementwise chain y = exp(x) + x·x on n float32 elements (n = 10⁶; 10⁵ with --quick),
// Melem/s. Results are materialised but not read back (as in the anchors); jax-js is awaited with
// blockUntilReady(), since its kernels run lazily.
import { runChild } from "../child.js";
import { consume, interleave, uniform, type Stats } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, measureGroup, near, timedTable, timing, unavailable, torchRow, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

/**
 * In a process of its own (bench/child.ts): wengert's chain timed alone. In the suite's process the
 * peers' heaps are live too, and the full collections that wengert's fresh 4 MB result arrays
 * trigger (external-memory pressure) have to mark them as well; tfjs and jax-js keep their arrays
 * in wasm memory and allocate nothing the collector sees.
 */
export async function elementwiseChild(impl: string, opts: Record<string, unknown>): Promise<Record<string, unknown> & { ok: boolean }> {
  if (impl !== "wengert") throw new Error(`elementwise child: unknown implementation ${impl}`);
  const n = Number(opts["n"]);
  const x = Wg.fromArray(uniform(n, -1, 1, 7), [n]);
  const m = await interleave([{ id: "w", run: () => Wg.add(Wg.exp(x), Wg.mul(x, x)) }], opts["timing"] as Parameters<typeof interleave>[1]);
  const r = m.get("w")!;
  return r.ok ? { ok: true, stats: r.stats } : { ok: false, error: r.error };
}

/** The own-process row, or null (with a note) when the child fails. */
function ownProcessRow(ctx: Ctx, g: string, n: number, metric: { of: (ms: number) => number }, notes: string[]): Row | null {
  const r = runChild("elementwise", "wengert", { n, timing: timing(ctx, 8000) }, 300_000);
  if (!r.ok) {
    notes.push(`wengert (own process): ${r.error ?? "failed"}`);
    return null;
  }
  const stats = r["stats"] as Stats;
  const [a, b] = [metric.of(stats.p25), metric.of(stats.p75)];
  return {
    group: g, library: "wengert", variant: "add(exp(x), mul(x, x)), in a process of its own", role: "wengert", status: "ok", stats,
    median: metric.of(stats.median), mean: metric.of(stats.mean), lo: Math.min(a, b), hi: Math.max(a, b),
  };
}

export const elementwiseCase: BenchCase = {
  id: "elementwise",
  title: "(c) Elementwise exp(x) + x·x, float32",
  async run(ctx) {
    const n = ctx.quick ? 1e5 : 1e6;
    const X = uniform(n, -1, 1, 7);
    const probe = 123;
    const want = Math.exp(X[probe]!) + X[probe]! * X[probe]!;
    const g = n.toExponential(0).replace("e+", "e");
    const es: Entry[] = [];
    const skipped: Row[] = [];

    const x = Wg.fromArray(X, [n]);
    const wf = (): Wg.Tensor => Wg.add(Wg.exp(x), Wg.mul(x, x));
    es.push({ library: "wengert", variant: "add(exp(x), mul(x, x))", role: "wengert", run: wf, check: () => near("y[123]", Wg.dataOf(wf())[probe]!, want, 1e-5) });
    // Compiled: one fused loop (traced on the first call, in the check).
    const wc = Wg.compile((t: Wg.Tensor): Wg.Tensor => Wg.add(Wg.exp(t), Wg.mul(t, t)));
    es.push({ library: "wengert", variant: "compile(add(exp(x), mul(x, x)))", role: "wengert", run: () => wc(x), check: () => near("y[123]", Wg.dataOf(wc(x))[probe]!, want, 1e-5) });

    const Y = new Float32Array(n);
    es.push({
      library: "JS loop",
      variant: "hand-written fused loop",
      role: "reference",
      run: () => {
        for (let i = 0; i < n; i++) {
          const v = X[i]!;
          Y[i] = Math.exp(v) + v * v;
        }
        consume(Y[probe]!);
      },
    });

    for (const id of ["tfjs-cpu", "tfjs-wasm"] as const) {
      const p = ctx.peers[id];
      if (!p.ok) {
        skipped.push(unavailable(g, id, p.reason));
        continue;
      }
      const { tf, use } = p.api;
      await use();
      const tx = tf.tensor1d(X);
      const f = (): ReturnType<typeof tf.add> => tf.tidy(() => tf.add(tf.exp(tx), tf.mul(tx, tx)));
      es.push({
        library: id,
        variant: "tf.add(tf.exp(x), tf.mul(x, x))",
        role: "peer",
        before: use,
        run: () => f().dispose(),
        check: async () => {
          await use();
          const y = f();
          near("y[123]", y.dataSync()[probe]!, want, 1e-5);
          y.dispose();
        },
      });
    }

    const jx = ctx.peers["jax-js"];
    if (!jx.ok) skipped.push(unavailable(g, "jax-js", jx.reason));
    else {
      const { jax, np } = jx.api;
      const jxx = np.array(X);
      type A = typeof jxx;
      const f0 = (v: A): A => np.exp(v.ref).add(v.ref.mul(v)); // three uses of v: two .ref
      const fj = jax.jit(f0);
      for (const [variant, f] of [
        ["eager (3 kernels)", f0],
        ["jit (fused)", fj],
      ] as const) {
        es.push({
          library: "jax-js",
          variant,
          role: "peer",
          run: async () => {
            const y = f(jxx.ref);
            await y.blockUntilReady();
            y.dispose();
          },
          check: () => near("y[123]", f(jxx.ref).dataSync()[probe]!, want, 1e-5),
        });
      }
    }

    const jp = ctx.peers["js-pytorch"];
    if (!jp.ok) skipped.push(unavailable(g, "js-pytorch", jp.reason));
    else {
      const { torch } = jp.api;
      const tx = torch.tensor(Array.from(X));
      const f = (): ReturnType<typeof torch.exp> => torch.exp(tx).add(tx.mul(tx));
      es.push({ library: "js-pytorch", variant: "exp(x).add(x.mul(x)) (float64 arrays)", role: "peer", run: f, check: () => near("y[123]", (f()._data as number[])[probe]!, want, 1e-5) });
    }

    const metric = { name: "Melem/s", of: (ms: number) => n / (ms * 1e3) };
    const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 8000))), ...skipped];
    const notes: string[] = [];
    const own = ownProcessRow(ctx, g, n, metric, notes);
    if (own) {
      rows.splice(2, 0, own);
      const jit = rows.find((r) => r.variant.startsWith("jit"))?.stats?.median;
      const tw = rows.find((r) => r.library === "tfjs-wasm")?.stats?.median;
      if (jit && tw) notes.push(`wengert in a process of its own: ${fmt(own.stats!.median / tw)}× the time of tfjs-wasm and ${fmt(own.stats!.median / jit)}× jax-js jit (in the suite's process the collector also marks the peers' heaps).`);
    }
    const t = torchRow(ctx, g, "torch.exp(x) + x * x", { case: "elementwise", n }, metric, rows[0], notes);
    if (t) rows.push(t);
    const w = rows[0]?.stats?.median;
    const ref = rows.find((r) => r.role === "reference")?.stats?.median;
    if (w && ref) notes.push(`wengert takes ${fmt(w / ref)}× the time of one fused hand-written loop (${fmt(ref)} ms; Math.exp dominates).`);
    const c = rows.find((r) => r.variant.startsWith("compile("))?.stats?.median;
    const jit = rows.find((r) => r.variant.startsWith("jit"))?.stats?.median;
    if (c && ref) notes.push(`wengert compile(...) takes ${fmt(c / ref)}× the hand-written loop${jit ? ` and ${fmt(c / jit)}× jax-js jit` : ""}.`);
    return {
      id: "elementwise",
      title: `${this.title}, n = ${g}`,
      what: "Million elements per second (higher is better); ratios compare times (wengert ÷ peer), so > 1 means wengert is slower.",
      table: timedTable("n", { name: "Melem/s", of: (v) => v }, rows),
      notes,
      raw: rows,
    };
  },
};
