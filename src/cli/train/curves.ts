import { lineCharts } from "../plot/line-chart.js";
import type { TrainHistory } from "./loop.js";

/**
 * The loss and accuracy curves of a run as one SVG (Vega-Lite): the running training values
 * (mean over about a tenth of an epoch) and the test values after each epoch, against epochs.
 */
export function trainingCurves(history: TrainHistory, opts: { title?: string } = {}): Promise<string> {
  const test = history.epochs;
  return lineCharts(
    [
      {
        series: [
          { name: "train (running)", points: history.curve.map((p) => [p.epoch, p.loss] as const) },
          { name: "test", points: test.map((r) => [r.epoch, r.testLoss] as const) },
        ],
        options: { title: "cross-entropy loss", xLabel: "epoch", yLabel: "loss" },
      },
      {
        series: [
          { name: "train (running)", points: history.curve.map((p) => [p.epoch, p.accuracy] as const) },
          { name: "test", points: test.map((r) => [r.epoch, r.testAccuracy] as const) },
        ],
        options: { title: "accuracy", xLabel: "epoch", yLabel: "accuracy" },
      },
    ],
    opts,
  );
}
