import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build as esbuild } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { build as viteBuild } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer } from "../browser/static-server.js";
import { ensureBuilt, root } from "../helpers/built-package.js";

// A user's program (bundled-app.js) importing the built package by name, bundled by esbuild and by
// Vite with tree shaking and minification on, then run in Node and in headless Chromium: the
// package's "sideEffects" must keep what the bundle needs (the Tensor methods, the engine).
const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`bundler tests in Chromium skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

interface AppResult {
  wasmLoaded?: boolean;
  grad?: number;
  method?: number[];
  backward?: number[];
  threads?: number;
  nodeOnly?: string;
  error?: string;
}

let dir: string;
let staticInputs: string[] = [];
const bundles: Record<string, { file: string; nodeImports: string[] }> = {};

function runInNode(file: string): AppResult {
  const run = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`node ${file} failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as AppResult;
}

function expectWorks(r: AppResult): void {
  expect(r.error).toBeUndefined();
  expect(r.wasmLoaded).toBe(true);
  expect(r.grad).toBeCloseTo(Math.sin(2) + 2 * Math.cos(2), 12);
  expect(r.method).toEqual([3, 5, 7]);
  expect(r.backward).toEqual([2, -4]);
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "wengert-bundlers-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "wengert"), "dir");
  const entry = join(root, "test", "package", "bundled-app.js");

  const es = await esbuild({
    entryPoints: [entry], absWorkingDir: dir, bundle: true, minify: true, treeShaking: true, format: "esm",
    platform: "browser", outfile: join(dir, "esbuild", "app.mjs"), metafile: true, logLevel: "silent",
  });
  const esImports = Object.values(es.metafile.inputs).flatMap((i) => i.imports.map((m) => m.path));
  bundles.esbuild = { file: join(dir, "esbuild", "app.mjs"), nodeImports: esImports.filter((p) => p.startsWith("node:")) };
  // What the app loads up front: the inputs reached through static imports only (import() excluded).
  const inputs = es.metafile.inputs;
  const start = Object.keys(inputs).find((k) => k.endsWith("bundled-app.js"))!;
  const seen = new Set([start]);
  for (const k of seen) for (const m of inputs[k]!.imports) if (m.kind === "import-statement" && m.path in inputs) seen.add(m.path);
  staticInputs = [...seen];

  const vite = await viteBuild({
    configFile: false, root: dir, logLevel: "silent",
    build: { outDir: join(dir, "vite"), minify: true, lib: { entry, formats: ["es"], fileName: () => "app.mjs" } },
  });
  const chunks = (Array.isArray(vite) ? vite : [vite]).flatMap((o) => ("output" in o ? o.output : []));
  const viteImports = chunks.flatMap((c) => (c.type === "chunk" ? [...c.imports, ...c.dynamicImports] : []));
  bundles.vite = { file: join(dir, "vite", "app.mjs"), nodeImports: viteImports.filter((p) => p.startsWith("node:")) };
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("the package's static import graph loads no other package (optional ones come through import())", () => {
  expect(staticInputs.length).toBeGreaterThan(50);
  expect(staticInputs.filter((p) => p.includes("node_modules/"))).toEqual([]);
});

describe.each(["esbuild", "vite"])("bundled by %s (tree shaking and minification on)", (bundler) => {
  it("imports no Node built-in in the browser bundle", () => {
    expect(bundles[bundler]!.nodeImports).toEqual([]);
    expect(readFileSync(bundles[bundler]!.file, "utf8")).not.toMatch(/\bfrom\s*["']node:|import\(\s*["']node:/);
  });

  it("runs in Node: a gradient, a Tensor method and loss.backward()", () => {
    const r = runInNode(bundles[bundler]!.file);
    expectWorks(r);
    expect(r.nodeOnly).toMatch(/not found in \/nonexistent/);
  });
});

describe.runIf(haveChromium)("bundles in headless Chromium (a plain page)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each(["esbuild", "vite"])("the %s bundle: a gradient, a Tensor method, loss.backward(), one thread, Node-only errors", async (bundler) => {
    const server = await startStaticServer(dir, { "/": `<!doctype html><script type="module" src="/${bundler}/app.mjs"></script>` }, false);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    try {
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
      const r = (await page.evaluate(() => (globalThis as { __result?: unknown }).__result)) as AppResult;
      expect(errors).toEqual([]);
      expectWorks(r);
      expect(r.threads).toBe(1);
      expect(r.nodeOnly).toMatch(/^fashionMnist is Node\.js-only .*fetch the bytes .*data\.decodeIdx/);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
