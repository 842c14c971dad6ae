import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, root } from "../helpers/built-package.js";
import { startStaticServer } from "./static-server.js";

// infer.nuts with chainMethod "parallel" in headless Chromium (Debian's `chromium`): the chains run
// in ES module Web Workers that import the built library and the model's module by URL; the draws
// must equal the same chains run in sequence on the page, bit for bit.
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="module" src="/test/browser/parallel-chains-page.js"></script>`;

interface Checks {
  workersStarted: number;
  drawsSame: boolean;
  statsSame: boolean;
  progressLast: unknown[];
  muMean: number;
  error: string;
}

let browser: Browser;

describe.runIf(available)("infer.nuts chainMethod \"parallel\" in a browser (Web Workers)", () => {
  let r: Checks;
  beforeAll(async () => {
    ensureBuilt();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    const server = await startStaticServer(root, { "/": PAGE }, false);
    const page = await browser.newPage();
    const log: string[] = [];
    page.on("console", (m) => log.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
    try {
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => (globalThis as { __wengert?: unknown }).__wengert !== undefined, undefined, { timeout: 240_000 });
      const out = (await page.evaluate(() => (globalThis as { __wengert?: unknown }).__wengert)) as { checks: Checks; errors: string[] };
      if (out.errors.length > 0) throw new Error(`the page failed:\n${out.errors.join("\n")}\nconsole:\n${log.join("\n")}`);
      r = out.checks;
    } finally {
      await page.close();
      await server.close();
    }
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("runs the chains in Web Workers (two for three chains) with the sequential draws and statistics bit for bit", () => {
    expect(r.workersStarted).toBe(2);
    expect(r.drawsSame).toBe(true);
    expect(r.statsSame).toBe(true);
    expect(Math.abs(r.muMean - 1.475)).toBeLessThan(0.6);
  });

  it("forwards each chain's progress to the page and names a missing export", () => {
    expect(r.progressLast).toEqual([[0, 300, "sampling"], [1, 300, "sampling"], [2, 300, "sampling"]]);
    expect(r.error).toMatch(/^ArgumentError: infer\.nuts: model\.export must be the name of a function exported by http:.*parallel-model\.js, got the string "notAModel"$/);
  });
});
