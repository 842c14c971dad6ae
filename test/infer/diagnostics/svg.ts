/** The mark groups of a Vega SVG: per `<g class="mark-TYPE role-mark NAME">`, its type, name and number of drawn items (`<path>`s). */
export function markGroups(svg: string): { type: string; name: string; items: number }[] {
  const out: { type: string; name: string; items: number }[] = [];
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark ([^"]*)"[^>]*>(.*?)<\/g>/gs))
    out.push({ type: m[1]!, name: m[2]!, items: (m[3]!.match(/<path\b/g) ?? []).length });
  return out;
}

/** True for one well-formed SVG document (an `<svg>` root closed at the end, with balanced `<g>` groups). */
export function isSvg(svg: string): boolean {
  const open = (svg.match(/<g\b/g) ?? []).length;
  const close = (svg.match(/<\/g>/g) ?? []).length;
  return svg.startsWith("<svg") && svg.trimEnd().endsWith("</svg>") && open === close && open > 0;
}
