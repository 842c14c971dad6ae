import { describe, expect, it } from "vitest";
import { lineChart } from "../../src/cli/plot/line-chart.js";

describe("lineChart", () => {
  it("renders every series into one SVG document", async () => {
    const svg = await lineChart(
      [
        { name: "sgd", points: [[0, 2.3], [1, 1.1], [2, 0.7]] },
        { name: "adam", points: [[0, 2.3], [1, 0.8], [2, 0.4]] },
      ],
      { title: "loss", xLabel: "epoch", yLabel: "loss" },
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("sgd");
    expect(svg).toContain("adam");
    expect(svg).toContain("epoch");
  });
});
