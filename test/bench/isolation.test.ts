import { beforeAll, describe, expect, it } from "vitest";
import { entryKeys, measureGroup, type Ctx, type Entry, type Isolated } from "../../bench/cases/common.js";
import { stats, type Measured } from "../../bench/harness.js";
import type { Peers } from "../../bench/peers/index.js";
import * as Wg from "../../bench/peers/wengert.js";

const metric = { name: "ms", of: (ms: number) => ms };
const opts = { warmup: 1, warmupMs: 0, minSamples: 3, maxSamples: 3, budgetMs: 0, slowMs: 1e9, slowSamples: 3, targetSampleMs: 0 };
const ctx = (isolation?: Ctx["isolation"]): Ctx => ({ quick: true, peers: {} as Peers, log: () => {}, ...(isolation ? { isolation } : {}) });

describe("bench: each library in a process of its own (--isolate)", () => {
  beforeAll(async () => {
    await Wg.initWengert("source");
  });

  it("a child measures only its library's entries, on the entries' pinned thread counts, and records them by key", async () => {
    const ran: string[] = [];
    const threadsSeen: number[] = [];
    const entries: Entry[] = [
      { library: "wengert", variant: "a", role: "wengert", run: () => (ran.push("w"), threadsSeen.push(Wg.getThreads())) },
      { library: "JS loops", variant: "b", role: "reference", run: () => ran.push("ref") },
      { library: "jax-js", variant: "c", role: "peer", run: () => ran.push("jax") },
    ];
    const measured: Isolated[] = [];
    // an earlier row or the library's default left wengert on 2 threads: the 1-thread entry must still run on 1
    Wg.setThreads(2);
    expect(Wg.getThreads()).toBe(2);
    await measureGroup(ctx({ kind: "child", library: "wengert", share: 0.5, measured }), "g", entries, metric, 0, opts);
    expect(new Set(ran)).toEqual(new Set(["w"]));
    expect(new Set(threadsSeen)).toEqual(new Set([1]));
    expect(measured.map((m) => m.key)).toEqual([entryKeys("g", entries)[0]]);
    expect(measured[0]!.result.ok).toBe(true);
  });

  it("the parent fills the rows from the children's records without running anything, and says why a row has none", async () => {
    const entries: Entry[] = [
      { library: "wengert", variant: "a", role: "wengert", run: () => { throw new Error("must not run in the parent"); } },
      { library: "jax-js", variant: "c", role: "peer", run: () => { throw new Error("must not run in the parent"); } },
      { library: "tfjs-wasm", variant: "d", role: "peer", run: () => { throw new Error("must not run in the parent"); } },
    ];
    const keys = entryKeys("g", entries);
    const measuredMap = new Map<string, Measured>([
      [keys[0]!, { ok: true, stats: stats([4, 4, 4]) }],
      [keys[1]!, { ok: true, stats: stats([2, 2, 2]) }],
    ]);
    const rows = await measureGroup(ctx({ kind: "replay", measured: measuredMap, failed: new Map([["tfjs-wasm", "child process: exit 1"]]) }), "g", entries, metric, 0, opts);
    expect(rows[0]!.median).toBe(4);
    expect(rows[1]!.ratio).toBe(2);
    expect(rows[2]!.status).toBe("failed");
    expect(rows[2]!.error).toMatch(/own process: child process: exit 1/);
  });

  it("keys are the same in every process and tell repeated variants apart", () => {
    const e = { library: "wengert", variant: "v" };
    const [a, b] = entryKeys("g", [e, e]);
    expect(a).not.toBe(b);
    expect(entryKeys("g", [e, e])).toEqual([a, b]);
  });
});
