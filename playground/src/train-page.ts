// Page 3, Train: a small MLP or CNN trained live on the synthetic shapes (or Fashion-MNIST from its
// files) in a Web Worker, with loss and accuracy curves, predictions and throughput.
import { drawLineChart } from "./line-chart.js";
import { el, formatNumber, svgEl } from "./format.js";
import type { FromWorker, Prediction, ToWorker, TrainConfig } from "./train-protocol.js";

const DEFAULT_LR: Record<TrainConfig["optimizer"], number> = { adam: 0.003, sgd: 0.05, "sd-linf": 0.001, "sd-spectral": 0.02 };

const main = document.getElementById("main")!;
main.append(el("p", { class: "lead" }, "A network trains in a Web Worker while this page stays responsive. The data are the library's built-in shapes (28 × 28 drawings, 10 classes); pick the four Fashion-MNIST IDX files to train on those instead."));

const select = (id: string, options: [string, string][]) => el("select", { id }, ...options.map(([v, t]) => el("option", { value: v }, t)));
const modelSelect = select("model", [["mlp", "MLP 784 → 64 → 10"], ["cnn", "CNN (2 conv layers)"]]);
const optSelect = select("optimizer", [["adam", "Adam"], ["sgd", "SGD with momentum 0.9"], ["sd-linf", "steepest descent, ℓ∞ (sign descent)"], ["sd-spectral", "steepest descent, spectral/RMS per tensor (Muon-like)"]]);
const lrInput = el("input", { type: "number", id: "lr", step: "any", min: "0", value: String(DEFAULT_LR.adam) });
const batchInput = el("input", { type: "number", id: "batch", min: "1", max: "512", step: "1", value: "64" });
const stepsInput = el("input", { type: "number", id: "steps", min: "1", step: "1", value: "300" });
const files = el("input", { type: "file", id: "files", multiple: "", accept: ".gz,.ubyte,application/gzip,application/octet-stream" });
const startButton = el("button", { type: "submit", id: "start" }, "Train");
const stopButton = el("button", { type: "button", id: "stop", class: "secondary", disabled: "" }, "Stop");
const status = el("p", { class: "status", id: "train-status", "aria-live": "polite" }, "Press Train.");
optSelect.addEventListener("change", () => (lrInput.value = String(DEFAULT_LR[optSelect.value as TrainConfig["optimizer"]])));

const stat = (id: string, label: string) => {
  const dd = el("dd", { id }, "–");
  return { box: el("div", {}, el("dt", {}, label), dd), dd };
};
const stats = { step: stat("stat-step", "step"), loss: stat("stat-loss", "loss"), acc: stat("stat-acc", "batch accuracy"), test: stat("stat-test", "test accuracy"), speed: stat("stat-speed", "examples / s") };
const lossChart = svgEl("svg", { class: "plot", id: "loss-chart", role: "img", "aria-label": "Training loss by step" }) as SVGSVGElement;
const accChart = svgEl("svg", { class: "plot", id: "acc-chart", role: "img", "aria-label": "Accuracy by step" }) as SVGSVGElement;
const predictions = el("div", { class: "predictions", id: "predictions", "aria-label": "Test images with the model's guesses" });

const form = el(
  "form",
  { class: "panel", id: "train-form" },
  el(
    "div",
    { class: "controls" },
    el("label", { for: "model" }, "model", modelSelect),
    el("label", { for: "optimizer" }, "optimizer", optSelect),
    el("label", { for: "lr" }, "learning rate", lrInput),
    el("label", { for: "batch" }, "batch size", batchInput),
    el("label", { for: "steps" }, "steps", stepsInput),
    el("label", { for: "files" }, "Fashion-MNIST files (optional)", files),
    startButton,
    stopButton,
  ),
  status,
);
main.append(
  form,
  el("dl", { class: "stats" }, ...Object.values(stats).map((s) => s.box)),
  el(
    "div",
    { class: "grid2" },
    el("section", { class: "panel", "aria-labelledby": "loss-h" }, el("h2", { id: "loss-h" }, "Training loss (cross-entropy)"), lossChart),
    el("section", { class: "panel", "aria-labelledby": "acc-h" }, el("h2", { id: "acc-h" }, "Accuracy: batches (light) and test set (dark)"), accChart),
  ),
  el("section", { class: "panel", "aria-labelledby": "pred-h" }, el("h2", { id: "pred-h" }, "Test images and the model's guesses"), predictions),
);

let worker: Worker | null = null;
let classes: readonly string[] = [];
const losses: [number, number][] = [];
const accuracies: [number, number][] = [];
const tests: [number, number][] = [];

/** Reads the chosen IDX files by their standard names (train-images, train-labels, t10k-images, t10k-labels). */
async function chosenFiles(): Promise<TrainConfig["files"]> {
  const list = Array.from(files.files ?? []);
  if (list.length === 0) return undefined;
  const find = (part: string) => list.find((f) => f.name.includes(part));
  const [ti, tl, vi, vl] = ["train-images", "train-labels", "t10k-images", "t10k-labels"].map(find);
  if (ti === undefined || tl === undefined) throw new Error("pick at least train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz)");
  return { trainImages: await ti.arrayBuffer(), trainLabels: await tl.arrayBuffer(), ...(vi && vl && { testImages: await vi.arrayBuffer(), testLabels: await vl.arrayBuffer() }) };
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  void start();
});
stopButton.addEventListener("click", () => worker?.postMessage({ type: "stop" } satisfies ToWorker));

async function start(): Promise<void> {
  worker?.terminate();
  losses.length = accuracies.length = tests.length = 0;
  predictions.replaceChildren();
  let fileData: TrainConfig["files"];
  try {
    fileData = await chosenFiles();
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    return;
  }
  const config: TrainConfig = {
    model: modelSelect.value as TrainConfig["model"],
    optimizer: optSelect.value as TrainConfig["optimizer"],
    lr: Number(lrInput.value),
    batchSize: Math.max(1, Math.round(Number(batchInput.value))),
    steps: Math.max(1, Math.round(Number(stepsInput.value))),
    seed: 0,
    ...(fileData && { files: fileData }),
  };
  if (!(config.lr > 0)) {
    status.textContent = "The learning rate must be a positive number.";
    return;
  }
  main.dataset.state = "running";
  startButton.disabled = true;
  stopButton.disabled = false;
  status.textContent = "Preparing the data and the model…";
  worker = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module" });
  worker.addEventListener("message", (e: MessageEvent<FromWorker>) => receive(e.data));
  worker.addEventListener("error", (e) => finish(`The worker failed: ${e.message}`));
  worker.postMessage({ type: "start", config } satisfies ToWorker, fileData ? Object.values(fileData) : []);
}

let frame = 0;
function receive(m: FromWorker): void {
  if (m.type === "ready") {
    classes = m.classes;
    status.textContent = `Training on ${m.dataset}: ${m.trainSize} training and ${m.testSize} test images, ${m.parameters.toLocaleString("en")} parameters, ${m.backend} kernels on ${m.threads} thread${m.threads === 1 ? "" : "s"}.`;
  } else if (m.type === "progress") {
    losses.push([m.step, m.loss]);
    accuracies.push([m.step, m.accuracy]);
    main.dataset.step = String(m.step);
    stats.step.dd.textContent = String(m.step);
    stats.loss.dd.textContent = formatNumber(m.loss, 3);
    stats.acc.dd.textContent = `${Math.round(100 * m.accuracy)}%`;
    stats.speed.dd.textContent = Math.round(m.examplesPerSecond).toLocaleString("en");
    frame ||= requestAnimationFrame(redraw);
  } else if (m.type === "evaluation") {
    tests.push([m.step, m.testAccuracy]);
    stats.test.dd.textContent = `${(100 * m.testAccuracy).toFixed(1)}%`;
    drawPredictions(m.predictions);
    frame ||= requestAnimationFrame(redraw);
  } else if (m.type === "done") finish(`${m.stopped ? "Stopped" : "Done"} after ${m.step} steps.`);
  else finish(`Training failed: ${m.message}`);
}

function finish(message: string): void {
  status.textContent = message;
  startButton.disabled = false;
  stopButton.disabled = true;
  main.dataset.state = "done";
  main.dataset.losses = JSON.stringify(losses.map((l) => l[1]));
  redraw();
}

function redraw(): void {
  frame = 0;
  drawLineChart(lossChart, [{ name: "loss", color: "#b3261e", points: losses }], { yMin: 0, xLabel: "step" });
  drawLineChart(accChart, [{ name: "batch", color: "#9ecae1", points: accuracies }, { name: "test", color: "#1f4e99", points: tests }], { yMin: 0, yMax: 1, xLabel: "step" });
}

function drawPredictions(list: readonly Prediction[]): void {
  predictions.replaceChildren(
    ...list.map((p) => {
      const canvas = el("canvas", { width: "28", height: "28", "aria-hidden": "true" });
      const ctx = canvas.getContext("2d");
      if (ctx !== null) {
        const img = ctx.createImageData(28, 28);
        for (let i = 0; i < 784; i++) {
          const v = 255 - Math.round(255 * Math.min(1, Math.max(0, p.pixels[i]!)));
          img.data.set([v, v, v, 255], 4 * i);
        }
        ctx.putImageData(img, 0, 0);
      }
      const right = p.predicted === p.label;
      return el("figure", { class: right ? "right" : "wrong" }, canvas, el("figcaption", {}, `${right ? "✓" : "✗"} ${classes[p.predicted] ?? p.predicted}`, el("br"), right ? "" : `(is ${classes[p.label] ?? p.label})`));
    }),
  );
}

redraw();
