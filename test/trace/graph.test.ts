import { describe, expect, it } from "vitest";
import { add, greater, log, mul, parseExpression, sin, sub, sum, tensor, where, type Tensor } from "../../src/index.js";
import { trace } from "../../src/trace/trace.js";
import { checkWellFormedXml } from "./helpers/well-formed-xml.js";

const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));

describe("graphs of programs", () => {
  const p = trace(f, 2, 5);

  it("DOT: one node per input and per equation, edges from operands, values on the nodes", () => {
    const dot = p.toDot();
    expect(dot.startsWith("digraph wengert {")).toBe(true);
    expect([...dot.matchAll(/^\s+(v_m1|v\d+) \[label=/gm)].map((m) => m[1])).toEqual(["v_m1", "v0", "v1", "v2", "v3", "v4", "v5"]);
    expect([...dot.matchAll(/^\s+(\S+) -> (\S+);/gm)].map((m) => `${m[1]}→${m[2]}`)).toEqual([
      "v_m1→v1", "v_m1→v2", "v0→v2", "v0→v3", "v1→v4", "v2→v4", "v4→v5", "v3→v5",
    ]);
    expect(dot).toContain('v1 [label="v1 = ln v−1\\n= 0.693"]');
    expect(dot).toContain('v5 [label="v5 = v4 − v3\\n= 11.652\\ny = v5", peripheries=2');
  });

  it("DOT with tangents and adjoints", () => {
    const dot = p.toDot({ tangents: [1, 0], cotangent: true });
    expect(dot).toContain('v0 [label="v0 = x2\\n= 5\\nv̇0 = 0\\nv̄0 = 1.716"');
    expect(dot).toContain('v1 [label="v1 = ln v−1\\n= 0.693\\nv̇1 = 0.5\\nv̄1 = 1"]');
    expect(p.toDot({ direction: "LR" })).toContain("rankdir=LR;");
  });

  it("Mermaid", () => {
    const m = p.toMermaid({ cotangent: true });
    expect(m.split("\n")[0]).toBe("flowchart TB");
    expect(m).toContain('v2["v2 = v−1 × v0<br/>= 10<br/>v̄2 = 1"]');
    expect(m).toContain("  v0 --> v3");
    expect(m).toContain("class v_m1,v0 input");
    const q = trace((x: Tensor) => where(greater(x, 0), x, 0), 1).toMermaid();
    expect(q).toContain("v0 #gt; 0");
  });

  it("SVG: well-formed XML with one node per trace entry", async () => {
    const svg = await p.toSVG({ tangents: [1, 0], cotangent: true });
    const elements = checkWellFormedXml(svg);
    expect(elements[0]).toBe("svg");
    const nodes = [...svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(nodes.sort()).toEqual(["v0", "v1", "v2", "v3", "v4", "v5", "v_m1"]);
    expect(nodes).toHaveLength(p.inputs.length + p.equations.length);
    expect([...svg.matchAll(/class="edge"/g)]).toHaveLength(8);
    expect(svg).toContain("v̄0 = 1.716");
  }, 30_000);

  it("SVG of a tensor program with escapes in labels", async () => {
    const q = trace((x: Tensor) => sum(where(greater(x, 0), mul(x, x), 0)), tensor([-1, 2, 3], { dtype: "float64" }));
    const svg = await q.toSVG();
    checkWellFormedXml(svg);
    expect(svg).toContain("v1 = v0 &gt; 0");
    expect([...svg.matchAll(/class="node"/g)]).toHaveLength(q.inputs.length + q.equations.length);
  }, 30_000);

  it("SVG of a large graph (120 terms, 360 nodes) with the bounded-effort layout: every node and edge drawn", async () => {
    const { fn } = parseExpression(Array.from({ length: 120 }, (_, i) => `sin(${i + 1}*x)`).join(" + "));
    const big = trace(fn, 0.5);
    const svg = await big.toSVG({ tangents: [1], cotangent: true });
    checkWellFormedXml(svg);
    expect([...svg.matchAll(/class="node"/g)]).toHaveLength(360);
    expect([...svg.matchAll(/class="edge"/g)]).toHaveLength(2 * 120 + 2 * 119);
  }, 120_000);
});

describe("the XML checker itself", () => {
  it("rejects what is not well-formed", () => {
    expect(() => checkWellFormedXml("<a><b></a></b>")).toThrow(/does not match/);
    expect(() => checkWellFormedXml("<a x='1' x='2'/>")).toThrow(/repeated attribute/);
    expect(() => checkWellFormedXml("<a>&nbsp;</a>")).toThrow(/bad entity/);
    expect(() => checkWellFormedXml("<a/><b/>")).toThrow(/more than one root/);
    expect(() => checkWellFormedXml("<a>")).toThrow(/unclosed <a>/);
    expect(checkWellFormedXml('<?xml version="1.0"?><!-- c --><a k="v"><b/>t &amp; u</a>')).toEqual(["a", "b"]);
  });
});
