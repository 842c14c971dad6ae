import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FASHION_MNIST_DIR, loadFileWithMetadata } from "../../src/data/index.js";
import { ensureBuilt, root } from "../helpers/built-package.js";
import { checkWellFormedXml } from "../trace/helpers/well-formed-xml.js";

// `wengert train` and `wengert eval` run as a user runs them: the built command, in a scratch folder.
const main = join(root, "dist", "cli", "main.js");
const work = mkdtempSync(join(tmpdir(), "wengert-train-"));
const installed = existsSync(join(FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz")) || existsSync(join(FASHION_MNIST_DIR, "train-images-idx3-ubyte"));

function wengert(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: work, encoding: "utf8", timeout: 170_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The numbers of the per-epoch summary lines. */
function epochLines(stdout: string): { epoch: number; trainLoss: number; trainAcc: number; testLoss: number; testAcc: number; seconds: number; rate: number; rss: number }[] {
  const re = /^epoch (\d+)\/\d+ {2}train loss ([\d.]+) acc ([\d.]+) \| test loss ([\d.]+) acc ([\d.]+) \| ([\d.]+) s, ([\d,]+) examples\/s \| peak RSS (\d+) MB$/;
  return stdout
    .split("\n")
    .map((l) => re.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({
      epoch: Number(m[1]),
      trainLoss: Number(m[2]),
      trainAcc: Number(m[3]),
      testLoss: Number(m[4]),
      testAcc: Number(m[5]),
      seconds: Number(m[6]),
      rate: Number(m[7]!.replace(/,/g, "")),
      rss: Number(m[8]),
    }));
}

const finalAccuracy = (stdout: string): number => Number(/^test accuracy ([\d.]+)/m.exec(stdout)?.[1]);

beforeAll(() => {
  ensureBuilt();
  expect(existsSync(main)).toBe(true);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("wengert train (synthetic shapes)", () => {
  let run: ReturnType<typeof wengert>;
  beforeAll(() => {
    run = wengert("train", "--synthetic", "--epochs", "3", "--lr", "0.003", "--plot", "curves/mlp.svg", "--save", "mlp.safetensors");
  }, 180_000);

  it("runs end to end: a progress bar, one line per epoch, the final test accuracy", () => {
    expect(run.status, run.stderr).toBe(0);
    // Not a terminal: the bar prints whole lines (at the start and end of each epoch, and every few seconds).
    expect(run.stderr).toMatch(/^epoch 1\/3 \S+ 0% \| 0\/2,000 \| - ex\/s \| ETA -:-- \| loss - \| acc -$/m);
    expect(run.stderr).toMatch(/^epoch 3\/3 \S+ 100% \| 2,000\/2,000 \| [\d,]+ ex\/s \| ETA 0:00 \| loss [\d.]+ \| acc [\d.]+$/m);
    expect(run.stdout).toMatch(/^MLP \(235,914 parameters\) on synthetic shapes \(built in\): 2,000 training and 500 test examples$/m);
    const epochs = epochLines(run.stdout);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (const e of epochs) {
      expect(e.rate).toBeGreaterThan(0);
      expect(e.rss).toBeGreaterThan(10);
    }
    expect(finalAccuracy(run.stdout)).toBe(epochs[2]!.testAcc);
    expect(run.stdout).toContain("curves: curves/mlp.svg\n");
    expect(run.stdout).toContain("saved: mlp.safetensors\n");
  });

  it("learns: the loss falls and the accuracy clearly beats chance (0.1)", () => {
    const epochs = epochLines(run.stdout);
    expect(epochs[2]!.trainLoss).toBeLessThan(0.8 * epochs[0]!.trainLoss);
    expect(epochs[2]!.testAcc).toBeGreaterThan(0.4);
  });

  it("writes the curves as a well-formed SVG", () => {
    const svg = readFileSync(join(work, "curves", "mlp.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    checkWellFormedXml(svg);
    for (const text of ["cross-entropy loss", "accuracy", "epoch", "train (running)", "test"]) expect(svg).toContain(text);
  });

  it("saves a safetensors file that eval reads back with the same accuracy", async () => {
    const { tensors, metadata } = await loadFileWithMetadata(join(work, "mlp.safetensors"));
    expect(Object.keys(tensors)).toEqual([
      "fc1.weight", "fc1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
      "fc2.weight", "fc2.bias", "bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var", "bn2.num_batches_tracked",
      "fc3.weight", "fc3.bias",
    ]);
    expect(metadata).toMatchObject({ model: "mlp", dataset: "synthetic", optimizer: "adam", epochs: "3" });
    const r = wengert("eval", "--model", "mlp", "--load", "mlp.safetensors");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("500 test examples");
    expect(finalAccuracy(r.stdout)).toBe(finalAccuracy(run.stdout));
  });

  it("eval refuses a file of another model, naming it", () => {
    const r = wengert("eval", "--model", "cnn", "--load", "mlp.safetensors");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("wengert: --model cnn, but mlp.safetensors was trained with --model mlp\n");
  });
});

describe("wengert train --model cnn", () => {
  it("trains the CNN (with Muon, its default) on a subset, and eval agrees", () => {
    const r = wengert("train", "--model", "cnn", "--synthetic", "--subset", "256", "--test-subset", "100", "--epochs", "1", "--no-plot", "--save", "cnn.safetensors", "--no-progress");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^CNN \(206,922 parameters\)/m);
    expect(r.stdout).toMatch(/^muon, lr 0\.02 \(cosine decay\), batch 128, 1 epoch, seed 0; \w+ backend, \d+ threads?$/m);
    expect(epochLines(r.stdout)).toHaveLength(1);
    expect(r.stdout).not.toContain("curves:");
    const e = wengert("eval", "--load", "cnn.safetensors", "--test-subset", "100");
    expect(e.status, e.stderr).toBe(0);
    expect(finalAccuracy(e.stdout)).toBe(finalAccuracy(r.stdout));
  });
});

describe.skipIf(!installed)("wengert train on Fashion-MNIST (CI-sized)", () => {
  it("a 2,048-example subset: the loss falls and the test accuracy clearly beats chance", () => {
    const r = wengert("train", "--model", "mlp", "--subset", "2048", "--epochs", "2", "--test-subset", "2000", "--no-plot");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/on Fashion-MNIST \(\/usr\/share\/datasets\/fashion-mnist\): 2,048 training and 2,000 test examples/);
    const [e1, e2] = epochLines(r.stdout);
    expect(e2!.trainLoss).toBeLessThan(e1!.trainLoss);
    expect(e2!.testAcc).toBeGreaterThan(0.6);
  });
});

describe("a reader that stops early", () => {
  it("ends the run quietly with status 0, no EPIPE stack trace (wengert train | head -1)", () => {
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${main}" train --synthetic --subset 256 --epochs 1 2>err.txt | head -1; echo "status \${PIPESTATUS[0]}"; cat err.txt`], { cwd: work, encoding: "utf8", timeout: 170_000 });
    const [first, status, ...err] = r.stdout.split("\n");
    expect(first).toMatch(/^MLP \(235,914 parameters\) on synthetic shapes/);
    expect(status).toBe("status 0");
    expect(err.join("\n")).not.toMatch(/EPIPE|Unhandled/);
  }, 180_000);
});

describe("bad flags exit with code 2 and a one-line message", () => {
  it.each([
    [["train", "--model", "resnet"], /^wengert: option '-m, --model <model>' argument 'resnet' is invalid\. Allowed choices are mlp, cnn\.$/],
    [["train", "--epochs", "0"], /^wengert: option '-e, --epochs <n>' argument '0' is invalid\. expected an integer ≥ 1\.$/],
    [["train", "--epochs", "two"], /argument 'two' is invalid/],
    [["train", "--batch-size", "1.5"], /argument '1\.5' is invalid\. expected an integer ≥ 1\.$/],
    [["train", "--lr", "-1"], /argument '-1' is invalid\. expected a positive number\.$/],
    [["train", "--optimizer", "rmsprop"], /unknown optimizer 'rmsprop' \(choose sgd, adam, muon or steepest:<norm>/],
    [["train", "--optimizer", "steepest:l7"], /unknown norm 'l7'; with <norm> one of l2, linf, sign, rms, spectral, rms-to-rms/],
    [["train", "--optimizer", "steepest"], /steepest needs a norm/],
    [["train", "--synthetic", "--data-dir", "/tmp"], /option '--synthetic' cannot be used with option '--data-dir <dir>'/],
    [["train", "--data-dir", "/nonexistent", "--epochs", "1"], /not found in \/nonexistent/],
    [["train", "--frobnicate"], /^wengert: unknown option '--frobnicate'/],
    [["eval", "--model", "mlp"], /required option '-l, --load <file>' not specified/],
    [["eval", "--load", "missing.safetensors"], /^wengert: --load: /],
  ])("%j", (args, message) => {
    const r = wengert(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.endsWith("\n")).toBe(true);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});
