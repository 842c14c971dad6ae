import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "../helpers/built-package.js";
import { startStaticServer, type StaticServer } from "../browser/static-server.js";
import { ensurePlaygroundBuilt, playgroundDist } from "./build-playground.js";
import { gdIterations } from "./expected-iterations.js";

// The playground (playground/, built by Vite against dist/) in headless Chromium (Debian's
// `chromium`), served cross-origin isolated as `npm run playground` serves it. Each page: no console
// errors, no request leaving the server, and what it shows checked against closed forms.
// Screenshots go to out/playground/ (UPDATE_SCREENSHOTS=1: docs/playground/, shown in the README).
const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) console.warn(`playground tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const shots = join(root, process.env.UPDATE_SCREENSHOTS ? "docs/playground" : "out/playground");

let browser: Browser;
let server: StaticServer;

/** A page of the playground with its console errors and foreign requests collected. */
interface Opened {
  page: Page;
  problems: string[];
}

async function open(name: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(server.origin) && !url.startsWith("data:") && !url.startsWith("blob:")) problems.push(`external request: ${url}`);
  });
  await page.goto(`${server.origin}/${name}.html`);
  return { page, problems };
}

/** Runs `act` and waits until the page has rendered again and has nothing pending (see playground's `renderer`). */
async function rendered(page: Page, act: () => Promise<void>): Promise<void> {
  const before = Number(await page.getAttribute("#main", "data-renders"));
  await act();
  await page.waitForFunction((n) => {
    const main = document.getElementById("main")!;
    return Number(main.dataset.renders) > n && main.dataset.busy === undefined;
  }, before);
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

describe.runIf(available)("the playground in a browser (headless Chromium)", () => {
  beforeAll(async () => {
    await ensurePlaygroundBuilt();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    server = await startStaticServer(playgroundDist, {}, true);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe("Trace", () => {
    let o: Opened;
    beforeAll(async () => {
      o = await open("index");
      await o.page.waitForFunction(() => Number(document.getElementById("main")!.dataset.renders) >= 1);
    });
    afterAll(async () => o.page.close());

    it("typing the notes' f(x1, x2) at (2, 5) shows x̄1 = 5.5 and x̄2 = 1.716 in the adjoint table", async () => {
      const { page } = o;
      await rendered(page, () => page.fill("#expr", "x1*x2"));
      expect(await page.locator("#reverse-table td[data-kind=result]").allTextContents()).toEqual(["x̄1 = v̄−1 = 5", "x̄2 = v̄0 = 2"]);
      await rendered(page, () => page.fill("#expr", "ln(x1) + x1*x2 - sin(x2)"));
      await rendered(page, () => page.fill("#value-x1", "2"));
      await rendered(page, () => page.fill("#value-x2", "5"));
      expect(await page.locator("#reverse-table td[data-kind=result]").allTextContents()).toEqual(["x̄1 = v̄−1 = 5.5", "x̄2 = v̄0 = 1.716"]);
      // The tangent trace and the dual numbers for ẋ = (1, 0): ẏ = ∂f/∂x1 = 5.5.
      expect(await page.locator("#forward-table td.tangent").last().textContent()).toBe("ẏ = v̇5 = 5.5");
      expect(await page.locator("#forward-table td.dual").nth(3).textContent()).toBe("v2 = 10 + 5ε");
      expect(await page.locator("#graph svg g.node").count()).toBe(7);
    });

    it("the step control walks the forward sweep, then the reverse sweep, to the last row", async () => {
      const { page } = o;
      const next = page.locator("#step-next");
      let clicks = 0;
      while (await next.isEnabled()) {
        await next.click();
        clicks += 1;
        if (clicks === 1) expect(await page.locator("#forward-table tr.current td.primal").textContent()).toBe("v−1 = x1 = 2");
        if (clicks === 11) {
          // The reverse sweep's third row: v̄3 = v̄5 ∂v5/∂v3, at v3's node.
          expect(await page.locator("#reverse-table td.current").textContent()).toBe("v̄3 = v̄5 ∂v5/∂v3 = v̄5 × (−1) = −1");
          expect(await page.locator("#graph g.node.current title").textContent()).toBe("v3");
          await screenshot(page, "trace");
        }
      }
      // 8 forward rows (2 inputs, 5 equations, y) and 11 adjoint rows.
      expect(clicks).toBe(19);
      expect(await page.getAttribute(".stepper", "data-step")).toBe("19");
      expect(await page.locator("#reverse-table td.current").textContent()).toBe("x̄2 = v̄0 = 1.716");
      expect(await page.locator("#graph g.node.current title").textContent()).toBe("v0");
      // Keyboard: Home goes back to the first row (x1's node), End to the last.
      await page.focus(".stepper");
      await page.keyboard.press("Home");
      expect(await page.locator("#graph g.node.current title").textContent()).toBe("v_m1");
      expect(await page.locator("#step-prev").isDisabled()).toBe(true);
      await page.keyboard.press("End");
      expect(await page.getAttribute(".stepper", "data-step")).toBe("19");
    });

    it("a bad expression shows the error underlined at its column", async () => {
      const { page } = o;
      await rendered(page, () => page.fill("#expr", "ln(x1) + * x2"));
      expect(await page.locator("#expr-error [role=alert]").textContent()).toBe("unexpected '*' at column 10");
      expect(await page.getAttribute("#expr-error mark", "data-column")).toBe("10");
      expect(await page.locator("#expr-error mark").textContent()).toBe("*");
      expect(await page.getAttribute("#expr", "aria-invalid")).toBe("true");
      await screenshot(page, "trace-error");
      await rendered(page, () => page.fill("#expr", "[x1*x2, sin(x1)]"));
      expect(await page.locator("#expr-error").textContent()).toBe("");
      // A vector f: its Jacobian [[x2, x1], [cos x1, 0]] at (2, 5).
      expect(await page.locator("#derivatives td").allTextContents()).toEqual(["5", "2", "−0.416", "0"]);
    });

    it("has no console errors and no requests outside the page's server", () => {
      expect(o.problems).toEqual([]);
    });
  });
  describe("Descent", () => {
    let o: Opened;
    beforeAll(async () => {
      o = await open("descent");
      await o.page.waitForFunction(() => Number(document.getElementById("main")!.dataset.renders) >= 1);
    });
    afterAll(async () => o.page.close());

    it("gradient descent (ℓ2, unnormalized) reaches the quadratic's minimum in the closed form's number of iterations", async () => {
      const { page } = o;
      const setSlider = (id: string, v: number) => page.locator(`#${id}`).evaluate((e, value) => {
        (e as HTMLInputElement).value = String(value);
        e.dispatchEvent(new Event("input", { bubbles: true }));
      }, v);
      for (const [kappa, degrees, eta, start] of [[10, 30, 0.15, [-4, 2]], [25, 60, 0.05, [3, -3.5]]] as const) {
        await rendered(page, async () => {
          await setSlider("kappa", kappa);
          await setSlider("rotation", degrees);
          await setSlider("lr", eta);
          await page.fill("#x0", String(start[0]));
          await page.fill("#y0", String(start[1]));
        });
        const want = gdIterations([1, kappa], degrees, start, eta, 1e-6);
        expect(want.before).toBeGreaterThan(1.001); // not decided by rounding
        expect(await page.locator("#results tr[data-optimizer=l2] td.iterations").textContent()).toBe(String(want.k));
        expect(await page.locator("#results tr[data-optimizer=l2] td").nth(2).textContent()).toBe("converged");
      }
      // Every norm drew a path and a unit ball; L-BFGS converges in a handful of steps on a quadratic.
      expect(await page.locator("#contours polyline").count()).toBe(6);
      expect(await page.locator("#unit-balls figure").count()).toBe(5);
      expect(Number(await page.locator("#results tr[data-optimizer=lbfgs] td.iterations").textContent())).toBeLessThanOrEqual(10);
    });

    it("a click on the plot starts every run there", async () => {
      const { page } = o;
      await rendered(page, () => page.click("#contours", { position: { x: 10, y: 10 } }));
      expect(Number(await page.inputValue("#x0"))).toBeLessThan(-4.5);
      expect(Number(await page.inputValue("#y0"))).toBeGreaterThan(4.5);
      await screenshot(page, "descent");
    });

    it("has no console errors and no requests outside the page's server", () => {
      expect(o.problems).toEqual([]);
    });
  });

  describe("Train", () => {
    let o: Opened;
    beforeAll(async () => {
      o = await open("train");
    });
    afterAll(async () => o.page.close());

    it("trains an MLP in a Web Worker: the loss falls within 120 steps and the test accuracy beats chance", async () => {
      const { page } = o;
      await page.fill("#steps", "120");
      await page.click("#start");
      await page.waitForFunction(() => document.getElementById("main")!.dataset.state === "done", undefined, { timeout: 120_000 });
      expect(await page.locator("#train-status").textContent()).toBe("Done after 120 steps.");
      expect(page.workers().length).toBeGreaterThanOrEqual(1);
      const losses = JSON.parse((await page.getAttribute("#main", "data-losses"))!) as number[];
      expect(losses).toHaveLength(120);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(losses.slice(0, 10))).toBeGreaterThan(1.8); // ≈ ln 10 = 2.30 at the start
      expect(mean(losses.slice(-10))).toBeLessThan(0.5 * mean(losses.slice(0, 10)));
      const testAccuracy = Number((await page.locator("#stat-test").textContent())!.replace("%", ""));
      expect(testAccuracy).toBeGreaterThan(50); // chance is 10%
      expect(await page.locator("#predictions figure").count()).toBe(12);
      await screenshot(page, "train");
    });

    it("has no console errors and no requests outside the page's server", () => {
      expect(o.problems).toEqual([]);
    });
  });

  describe("Sample", () => {
    let o: Opened;
    beforeAll(async () => {
      o = await open("sample");
    });
    afterAll(async () => o.page.close());

    /** Runs NUTS on the page and waits for the animation to finish. */
    async function sample(page: Page, target: string, chains: number, samples: number): Promise<void> {
      await page.selectOption("#target", target);
      await page.fill("#chains", String(chains));
      await page.fill("#warmup", "300");
      await page.fill("#samples", String(samples));
      await page.click("#run");
      await page.waitForFunction(() => document.getElementById("main")!.dataset.state === "done", undefined, { timeout: 120_000 });
    }

    it("NUTS on the banana: each mean within 5 MCSE of the exact 0, R̂ sane, every draw drawn", async () => {
      const { page } = o;
      await sample(page, "banana", 2, 300);
      expect(await page.locator("#sample-status").textContent()).toMatch(/^2 × 300 draws after 300 warm-up iterations/);
      for (const c of ["x", "y"]) {
        const row = page.locator(`#summary tr[data-coordinate=${c}] td`);
        const [mean, mcse, rhat] = [await row.nth(1).textContent(), await row.nth(2).textContent(), await row.nth(3).textContent()].map((t) => Number(t!.replace("−", "-")));
        expect(Math.abs(mean!)).toBeLessThanOrEqual(5 * mcse!);
        // NOTE: 2 × 400 draws of a curved ridge give a bulk ESS near 70, too few for R̂ < 1.05 to be reliable.
        expect(rhat).toBeLessThan(1.2);
      }
      const divergences = Number(await page.getAttribute("#main", "data-divergences"));
      expect((await page.locator("#draws .draw").count()) + divergences).toBe(600);
    });

    it("NUTS on the funnel diverges in the neck, and every divergence is marked", async () => {
      const { page } = o;
      await sample(page, "funnel", 2, 300);
      const divergences = Number(await page.getAttribute("#main", "data-divergences"));
      expect(divergences).toBeGreaterThan(0);
      expect(await page.locator("#draws .divergent").count()).toBe(divergences);
      expect(await page.locator("#draws .draw").count()).toBe(600 - divergences);
      expect(await page.locator("#stat-divergences").textContent()).toBe(`${divergences} of 600`);
      await screenshot(page, "sample");
    });

    it("has no console errors and no requests outside the page's server", () => {
      expect(o.problems).toEqual([]);
    });
  });

  describe("on a phone-sized screen (390 × 844)", () => {
    for (const name of ["index", "descent", "train", "sample"])
      it(`${name}: nothing wider than the screen, every control labelled`, async () => {
        const { page, problems } = await open(name, { width: 390, height: 844 });
        try {
          await page.waitForLoadState("load");
          if (name === "index" || name === "descent") await page.waitForFunction(() => Number(document.getElementById("main")!.dataset.renders) >= 1);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
          // Every input and select has a label (by for=id, or by an enclosing label) or an aria-label.
          const unlabelled = await page.evaluate(() =>
            Array.from(document.querySelectorAll("input, select"))
              .filter((e) => e.closest("label") === null && document.querySelector(`label[for="${e.id}"]`) === null && !e.hasAttribute("aria-label"))
              .map((e) => e.outerHTML),
          );
          expect(unlabelled).toEqual([]);
          if (name === "index") await screenshot(page, "trace-phone");
          expect(problems).toEqual([]);
        } finally {
          await page.close();
        }
      });
  });
});
