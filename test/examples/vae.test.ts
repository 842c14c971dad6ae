import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** The width, height and grey pixels of the PNG that an image-grid SVG embeds. */
function embeddedPng(svg: string): { width: number; height: number; pixels: Uint8Array } {
  const png = Buffer.from(/href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(svg)![1]!, "base64");
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at))
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + png.readUInt32BE(at)));
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  return { width, height, pixels };
}

interface Epoch {
  elbo: number;
  reconstruction: number;
  kl: number;
  testElbo: number;
}

describe("examples/vae-fashion-mnist.ts on the synthetic shapes (2-D latent, 24 Adam steps)", () => {
  const out = mkdtempSync(join(tmpdir(), "wengert-vae-"));
  let run: ReturnType<typeof spawnSync>;
  let epochs: Epoch[];

  beforeAll(() => {
    const args = ["--synthetic", "--train", "512", "--test", "100", "--epochs", "3", "--batch", "64", "--hidden", "128", "--latent", "2", "--out", out];
    run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "examples/vae-fashion-mnist.ts", ...args], { cwd: root, encoding: "utf8", timeout: 170_000 });
    const lines = String(run.stdout).split("\n");
    const pattern = /^epoch \d+\/3 {2}ELBO (\S+) nats \(reconstruction (\S+), KL (\S+)\) \| test ELBO (\S+) \| [\d.]+ s$/;
    epochs = lines.filter((l) => pattern.test(l)).map((l) => {
      const [, elbo, reconstruction, kl, testElbo] = pattern.exec(l)!.map(Number);
      return { elbo: elbo!, reconstruction: reconstruction!, kl: kl!, testElbo: testElbo! };
    });
  }, 180_000);

  it("runs to the end and prints the ELBO of every epoch", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(epochs).toHaveLength(3);
  });

  it("prints ELBO = reconstruction − KL with KL ≥ 0, and the ELBO improves", () => {
    for (const e of epochs) {
      expect(e.kl).toBeGreaterThanOrEqual(0);
      expect(Math.abs(e.elbo - (e.reconstruction - e.kl))).toBeLessThanOrEqual(0.02); // each printed to 0.01
      expect(e.elbo).toBeLessThan(0); // a Bernoulli likelihood of binary pixels: log p(x) < 0
    }
    expect(epochs[2]!.elbo).toBeGreaterThan(epochs[0]!.elbo + 50);
    expect(epochs[2]!.testElbo).toBeGreaterThan(epochs[0]!.testElbo);
  });

  it("uses the latent code: the KL of q(z|x) from the prior stays away from 0 (it collapses without gradients through z)", () => {
    expect(epochs[2]!.kl).toBeGreaterThan(1);
  });

  it("draws 30 test images above their reconstructions, 50 samples from the prior and a 15 × 15 latent manifold", () => {
    const recon = embeddedPng(readFileSync(join(out, "vae-2d-reconstructions.svg"), "utf8"));
    expect([recon.width, recon.height]).toEqual([10 * 56 + 11 * 2, 6 * 56 + 7 * 2]); // 10 × 6 tiles of 28·2 pixels, padding 2
    const samples = embeddedPng(readFileSync(join(out, "vae-2d-samples.svg"), "utf8"));
    expect([samples.width, samples.height]).toEqual([10 * 56 + 11 * 2, 5 * 56 + 6 * 2]);
    const manifold = embeddedPng(readFileSync(join(out, "vae-2d-manifold.svg"), "utf8"));
    expect([manifold.width, manifold.height]).toEqual([15 * 56, 15 * 56]);
    // The manifold's corners decode different points of the latent space into different images.
    const tile = (r: number, c: number) => Array.from({ length: 56 * 56 }, (_, i) => manifold.pixels[(r * 56 + Math.floor(i / 56)) * manifold.width + c * 56 + (i % 56)]!);
    const a = tile(0, 0), b = tile(14, 14);
    expect(a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length).toBeGreaterThan(2);
  });
});
