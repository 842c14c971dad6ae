import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, root } from "../helpers/built-package.js";
import { startStaticServer, type StaticServer } from "./static-server.js";

// The built library in headless Chromium (Debian's `chromium` package, which .ci/run installs):
// imported from dist/ as a page imports it, wasm kernels compiled asynchronously, worker threads
// from Web Workers when the page is cross-origin isolated, the graph drawn by Graphviz-in-wasm.
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="importmap">{ "imports": { "@viz-js/viz": "/node_modules/@viz-js/viz/dist/viz.js" } }</script>
<script type="module" src="/test/browser/page.js"></script>`;

interface PageResult {
  checks: {
    crossOriginIsolated: boolean;
    wasmLoaded: boolean;
    backend: string;
    threads: { usable: number; hardware: number };
    notes: { value: number; g1: number; g2: number; want: [number, number, number] };
    jvp: number;
    hessian: number[][];
    eager: number[];
    matmulMaxError: number;
    workersReady: number;
    threadsMaxDifference: number;
    losses: number[];
    svg: string;
  };
  errors: string[];
}

let browser: Browser;

async function runPage(isolated: boolean): Promise<PageResult> {
  const server: StaticServer = await startStaticServer(root, { "/": PAGE }, isolated);
  const page = await browser.newPage();
  const console: string[] = [];
  page.on("console", (m) => console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => console.push(`pageerror: ${e.message}`));
  try {
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (globalThis as { __wengert?: unknown }).__wengert !== undefined, undefined, { timeout: 120_000 });
    const result = (await page.evaluate(() => (globalThis as { __wengert?: unknown }).__wengert)) as PageResult;
    if (result.errors.length > 0) throw new Error(`the page failed:\n${result.errors.join("\n")}\nconsole:\n${console.join("\n")}`);
    return result;
  } finally {
    await page.close();
    await server.close();
  }
}

describe.runIf(available)("in a browser (headless Chromium)", () => {
  beforeAll(async () => {
    ensureBuilt();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const isolated of [true, false]) {
    describe(isolated ? "a cross-origin-isolated page (shared memory: worker threads)" : "a plain page (no shared memory: one thread)", () => {
      let r: PageResult["checks"];
      beforeAll(async () => {
        r = (await runPage(isolated)).checks;
      }, 150_000);

      it("loads the wasm kernels asynchronously and makes them the backend", () => {
        expect(r.crossOriginIsolated).toBe(isolated);
        expect(r.wasmLoaded).toBe(true);
        expect(r.backend).toBe("wasm");
      });

      it("getNumThreads() reports the threads usable: the hardware's with shared memory, else 1", () => {
        expect(r.threads.usable).toBe(isolated ? r.threads.hardware : 1);
      });

      it("differentiates the notes' f in both modes, and the eager API works", () => {
        const [value, d1, d2] = r.notes.want;
        expect(r.notes.value).toBeCloseTo(value, 12);
        expect(r.notes.g1).toBeCloseTo(d1, 12);
        expect(r.notes.g2).toBeCloseTo(d2, 12);
        expect(r.jvp).toBeCloseTo(d1, 12);
        expect(r.hessian).toEqual([[6, 0], [0, 12]]);
        expect(r.eager).toEqual([2, -4]);
      });

      it("multiplies matrices on the wasm kernels, on two threads only where memory can be shared", () => {
        expect(r.matmulMaxError).toBeLessThan(1e-4);
        expect(r.workersReady).toBe(isolated ? 1 : 0);
        expect(r.threadsMaxDifference).toBeLessThan(1e-5);
      });

      it("trains a small CNN (the loss falls) and draws the graph", () => {
        const first = r.losses.slice(0, 4).reduce((s, l) => s + l, 0) / 4;
        const last = r.losses.slice(-4).reduce((s, l) => s + l, 0) / 4;
        expect(last).toBeLessThan(0.7 * first);
        expect(r.svg).toMatch(/<svg[\s\S]*>v3 = sin v0<[\s\S]*<\/svg>/);
      });
    });
  }
});
