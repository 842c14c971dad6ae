import type { Tensor } from "wengert";

/** The minus sign the library's tables print (U+2212). */
export const MINUS = "\u2212";

/** A number as the tables print it: up to `digits` decimals, trailing zeros dropped, a true minus sign. */
export function formatNumber(v: number, digits = 3): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : `${MINUS}∞`;
  const a = Math.abs(v);
  const s = a !== 0 && (a >= 1e6 || a < 10 ** -digits) ? a.toExponential(digits - 1) : String(Number(a.toFixed(digits)));
  return v < 0 && s !== "0" ? `${MINUS}${s}` : s;
}

/** A tensor's values as text: a number, or nested brackets. */
export function formatTensor(t: Tensor, digits = 3): string {
  const show = (x: unknown): string => (Array.isArray(x) ? `[${x.map(show).join(", ")}]` : typeof x === "number" ? formatNumber(x, digits) : String(x));
  return show(t.toArray());
}

/** Creates an element with attributes and children (text or nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** The message of anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Creates an SVG element with attributes and children. */
export function svgEl(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

/** A labelled slider with its value shown beside it; `onInput` runs on every change. */
export function slider(id: string, label: string, min: number, max: number, step: number, value: number, onInput: () => void): { field: HTMLElement; input: HTMLInputElement } {
  const input = el("input", { type: "range", id, min: String(min), max: String(max), step: String(step), value: String(value) });
  const out = el("output", { for: id }, String(value));
  input.addEventListener("input", () => {
    out.textContent = input.value;
    onInput();
  });
  return { field: el("label", { for: id }, el("span", {}, `${label} `, out), input), input };
}

/**
 * Debounced re-rendering: returns `schedule()`, which runs `update` once input has been quiet for
 * `ms`, one update at a time. While an update is pending `#main` has `data-busy`; after each one its
 * `data-renders` counter grows (what the browser tests wait for).
 */
export function renderer(update: () => Promise<void> | void, ms = 120): () => void {
  const main = document.getElementById("main")!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let renders = 0;
  let chain = Promise.resolve();
  const run = () => {
    timer = undefined;
    chain = chain
      .then(update)
      .catch((e: unknown) => console.error(e))
      .then(() => {
        renders += 1;
        main.dataset.renders = String(renders);
        if (timer === undefined) delete main.dataset.busy;
      });
  };
  return () => {
    main.dataset.busy = "1";
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}
