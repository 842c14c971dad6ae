// toSVG on large graphs: the layout chosen by size (graph attributes that scale, then a
// force-directed engine), a clear refusal beyond MAX_SVG_NODES before any layout runs, and layout
// errors wrapped with their message. Graphviz is replaced by a recorder here, so the tests count
// what would be laid out instead of timing it.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ArgumentError, parseExpression } from "../../src/index.js";
import { MAX_SVG_NODES } from "../../src/trace/graph-layout.js";
import { trace } from "../../src/trace/trace.js";

const calls: { dot: string; engine: string | undefined }[] = [];
let behaviour: "ok" | "throw-object" = "ok";

vi.mock("@viz-js/viz", () => ({
  instance: () =>
    Promise.resolve({
      renderString(dot: string, options: { engine?: string } = {}) {
        calls.push({ dot, engine: options.engine });
        if (behaviour === "throw-object") throw { code: 5, reason: "memory" }; // what an aborted WebAssembly layout can throw
        return "<svg></svg>";
      },
    }),
}));

beforeEach(() => {
  calls.length = 0;
  behaviour = "ok";
});

/** The program of sin(1·x) + … + sin(n·x): 3n nodes (the input, n products, n sines, n − 1 sums). */
function sumOfTerms(n: number) {
  const { fn } = parseExpression(Array.from({ length: n }, (_, i) => `sin(${i + 1}*x)`).join(" + "));
  return trace(fn, 0.5);
}

const nodeCount = (p: ReturnType<typeof sumOfTerms>): number => p.inputs.length + p.equations.length;

describe("toSVG chooses a layout by size", () => {
  it("small graphs: dot with its defaults", async () => {
    await sumOfTerms(10).toSVG();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.engine ?? "dot").toBe("dot");
    expect(calls[0]!.dot).not.toMatch(/mclimit|nslimit/);
  });

  it("100 terms: dot with bounded crossing minimisation and network simplex, straight edges", async () => {
    const p = sumOfTerms(100);
    expect(nodeCount(p)).toBe(300);
    await p.toSVG({ tangents: [1], cotangent: true });
    expect(calls[0]!.engine).toBe("dot");
    for (const a of ["mclimit=0.1;", "nslimit=0.5;", "nslimit1=0.5;", "searchsize=10;", "splines=line;"]) expect(calls[0]!.dot).toContain(a);
  });

  it("1,000 terms: a force-directed layout (sfdp)", async () => {
    const p = sumOfTerms(1000);
    expect(nodeCount(p)).toBe(3000);
    await p.toSVG();
    expect(calls[0]!.engine).toBe("sfdp");
    expect([...calls[0]!.dot.matchAll(/ -> /g)]).toHaveLength(3 * 1000 - 1 + 1000 - 1);
  });
});

describe("beyond the limit, a clear refusal before any layout", () => {
  it(`more than ${MAX_SVG_NODES} nodes: an ArgumentError naming the count and the limit, pointing to toDot and toMermaid`, async () => {
    const p = sumOfTerms(Math.ceil((MAX_SVG_NODES + 1) / 3));
    const n = nodeCount(p);
    expect(n).toBeGreaterThan(MAX_SVG_NODES);
    const error = await p.toSVG().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message).toBe(
      `toSVG: the program must have at most ${MAX_SVG_NODES.toLocaleString("en-US")} nodes, got ${n.toLocaleString("en-US")}; use toDot() or toMermaid() (on the command line: --format dot or mermaid), text of any size for a layout tool of your choice`,
    );
    expect(calls).toHaveLength(0);
    expect(p.toDot().length).toBeGreaterThan(0); // the text formats still work at any size
  });
});

describe("layout errors", () => {
  it("a non-Error thrown by the layout library becomes an Error with its content, never [object Object]", async () => {
    behaviour = "throw-object";
    const error = await sumOfTerms(3).toSVG().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('toSVG: Graphviz could not lay out the graph (9 nodes): {"code":5,"reason":"memory"}');
    expect(String(error)).not.toContain("[object Object]");
    behaviour = "ok";
    await expect(sumOfTerms(3).toSVG()).resolves.toBe("<svg></svg>"); // a fresh instance after the failure
  });
});
