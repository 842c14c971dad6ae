import { el } from "./format.js";
import type { SweepStep } from "./trace-tables.js";

/**
 * Walks the forward sweep and then the reverse sweep one row at a time, highlighting the row in
 * its table and its node in the graph. Buttons, and the arrow/Home/End keys while it has focus.
 */
export class Stepper {
  /** The controls, to place on the page. */
  readonly element: HTMLElement;
  private steps: readonly SweepStep[] = [];
  private graph: HTMLElement | null = null;
  private at = -1;
  private readonly status = el("span", { class: "status", id: "step-status", "aria-live": "polite" }, "Step through the sweeps: Next ▶");
  private readonly buttons: Record<"first" | "prev" | "next" | "last", HTMLButtonElement>;

  constructor() {
    const button = (id: string, label: string, text: string, go: () => number) => {
      const b = el("button", { type: "button", id: `step-${id}`, class: "secondary", "aria-label": label }, text);
      b.addEventListener("click", () => this.go(go()));
      return b;
    };
    this.buttons = {
      first: button("first", "First step", "First", () => 0),
      prev: button("prev", "Previous step", "◀ Back", () => this.at - 1),
      next: button("next", "Next step", "Next ▶", () => this.at + 1),
      last: button("last", "Last step", "Last", () => this.steps.length - 1),
    };
    this.element = el("div", { class: "stepper", role: "group", "aria-label": "Sweep steps", tabindex: "0" }, ...Object.values(this.buttons), this.status);
    this.element.addEventListener("keydown", (e) => {
      const to = { ArrowRight: this.at + 1, ArrowLeft: this.at - 1, Home: 0, End: this.steps.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      this.go(to);
    });
    this.update();
  }

  /** New steps (after a new expression or values): back to before the first step. */
  reset(steps: readonly SweepStep[], graph: HTMLElement): void {
    this.steps = steps;
    this.graph = graph;
    this.at = -1;
    this.update();
  }

  private go(to: number): void {
    if (this.steps.length === 0) return;
    this.at = Math.max(0, Math.min(this.steps.length - 1, to));
    this.update();
  }

  private update(): void {
    for (const c of Array.from(document.querySelectorAll(".current"))) c.classList.remove("current");
    const step = this.steps[this.at];
    const n = this.steps.length;
    this.buttons.first.disabled = this.buttons.prev.disabled = this.at <= 0;
    this.buttons.next.disabled = this.buttons.last.disabled = this.at >= n - 1;
    this.element.dataset.step = String(this.at + 1);
    this.element.dataset.steps = String(n);
    if (step === undefined) {
      this.status.textContent = n === 0 ? "" : `${n} steps: the forward sweep, then the reverse sweep. Press Next ▶ (or the arrow keys).`;
      return;
    }
    for (const c of step.cells) {
      c.classList.add("current");
      // NOTE: follow the row down the page but keep the table's columns where the reader put them.
      const box = c.closest(".scroll");
      const left = box?.scrollLeft ?? 0;
      c.scrollIntoView?.({ block: "nearest" });
      if (box) box.scrollLeft = left;
    }
    if (step.node !== null && this.graph !== null)
      for (const g of Array.from(this.graph.querySelectorAll("g.node"))) if (g.querySelector("title")?.textContent === step.node) g.classList.add("current");
    this.status.textContent = `Step ${this.at + 1} of ${n}, ${step.sweep} sweep: ${step.text}`;
  }
}
