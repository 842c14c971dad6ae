import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { imageGridPng, imageGridSvg } from "../../src/cli/plot/index.js";
import { ArgumentError, DTypeError, ShapeError, tensor, zeros, type Tensor } from "../../src/index.js";

/** The chunks of a PNG file, after checking its signature and every chunk's CRC-32. */
function pngChunks(bytes: Uint8Array): { type: string; data: Uint8Array }[] {
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe(crcReference(bytes.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

/** A bit-at-a-time CRC-32 (the PNG specification's sample code, without its table). */
function crcReference(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Width, height and grey pixels decoded from a PNG that imageGridPng wrote (8-bit grey, filter 0). */
function decodePng(bytes: Uint8Array): { width: number; height: number; pixels: number[][]; chunks: string[]; title?: string } {
  const chunks = pngChunks(bytes);
  expect(chunks[0]!.type).toBe("IHDR");
  expect(chunks.at(-1)!.type).toBe("IEND");
  const ihdr = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset, 13);
  const width = ihdr.getUint32(0);
  const height = ihdr.getUint32(4);
  expect([...chunks[0]!.data.subarray(8)]).toEqual([8, 0, 0, 0, 0]); // 8-bit grey, no interlace
  const idat = chunks.filter((c) => c.type === "IDAT").map((c) => c.data);
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width + 1));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)], `filter byte of row ${y}`).toBe(0);
    pixels.push([...raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1))]);
  }
  const text = chunks.find((c) => c.type === "iTXt");
  const title = text ? new TextDecoder().decode(text.data.subarray(10)) : undefined;
  return { width, height, pixels, chunks: chunks.map((c) => c.type), ...(title !== undefined ? { title } : {}) };
}

/** n images of h × w whose pixel (i, y, x) is a distinct level, as floats in [0, 1]. */
function ramp(n: number, h: number, w: number): Tensor {
  const levels = Array.from({ length: n }, (_, i) => Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => ((i * h * w + y * w + x) % 256) / 255)));
  return tensor(levels, { dtype: "float64" });
}

describe("imageGridPng", () => {
  it("writes a PNG whose header has the grid's size and whose pixels are the images, scaled and padded", () => {
    const images = ramp(5, 3, 4); // 5 images on a 2 × 3 grid, one empty cell
    const png = decodePng(imageGridPng(images, { rows: 2, cols: 3, padding: 1, scale: 2, background: 0 }));
    expect(png.width).toBe(3 * 4 * 2 + 4 * 1);
    expect(png.height).toBe(2 * 3 * 2 + 3 * 1);
    for (let y = 0; y < png.height; y++)
      for (let x = 0; x < png.width; x++) {
        const col = Math.floor((x - 1) / 9), row = Math.floor((y - 1) / 7);
        const ix = (x - 1) % 9, iy = (y - 1) % 7; // 8 image pixels, then 1 of padding
        const inside = x >= 1 && y >= 1 && ix < 8 && iy < 6 && row * 3 + col < 5;
        const expected = inside ? (row * 3 + col) * 12 + Math.floor(iy / 2) * 4 + Math.floor(ix / 2) : 0;
        expect(png.pixels[y]![x], `pixel (${x}, ${y})`).toBe(expected % 256);
      }
  });

  it("reads [n, h·w] and [n, 1, h, w] like [n, h, w], and rounds values to the nearest of 256 levels", () => {
    const images = tensor([[[0, 0.5], [1, 0.2]]]);
    const a = decodePng(imageGridPng(images, { padding: 0, scale: 1 }));
    expect(a.pixels).toEqual([[0, 128], [255, 51]]);
    expect(decodePng(imageGridPng(images.reshape([1, 4]), { padding: 0, scale: 1 })).pixels).toEqual(a.pixels);
    expect(decodePng(imageGridPng(images.reshape([1, 1, 2, 2]), { padding: 0, scale: 1 })).pixels).toEqual(a.pixels);
  });

  it("lays n images out ⌈√n⌉ to a row by default, and fits the rows to a given column count", () => {
    const ten = ramp(10, 2, 2);
    const square = decodePng(imageGridPng(ten, { padding: 0, scale: 1 }));
    expect([square.width, square.height]).toEqual([4 * 2, 3 * 2]);
    const wide = decodePng(imageGridPng(ten, { cols: 5, padding: 0, scale: 1 }));
    expect([wide.width, wide.height]).toEqual([5 * 2, 2 * 2]);
    const tall = decodePng(imageGridPng(ten, { rows: 5, padding: 0, scale: 1 }));
    expect([tall.width, tall.height]).toEqual([2 * 2, 5 * 2]);
  });

  it("stores the title as an iTXt chunk (UTF-8) before the image data", () => {
    const png = decodePng(imageGridPng(ramp(1, 2, 2), { title: "samples · μ = 0" }));
    expect(png.chunks).toEqual(["IHDR", "iTXt", "IDAT", "IEND"]);
    expect(png.title).toBe("samples · μ = 0");
  });
});

describe("imageGridSvg", () => {
  it("embeds the PNG as a data URI, sized to it, with the title as text above", () => {
    const images = ramp(4, 5, 5);
    const svg = imageGridSvg(images, { title: "a <grid> & more", scale: 3 });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    const data = /href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(svg)![1]!;
    const png = decodePng(new Uint8Array(Buffer.from(data, "base64")));
    expect(png.pixels).toEqual(decodePng(imageGridPng(images, { title: "a <grid> & more", scale: 3 })).pixels);
    expect(svg).toContain(`width="${png.width}"`);
    expect(svg).toContain(`height="${png.height + 24}"`);
    expect(svg).toContain("a &lt;grid&gt; &amp; more</text>");
  });
});

describe("image grid errors name the function, the argument, what was expected and what was given", () => {
  const ok = ramp(2, 3, 3);
  it.each([
    [() => imageGridPng([[0]] as unknown as Tensor), ArgumentError, /^imageGridPng: images must be a Tensor of shape \[n, h, w\], \[n, h·w\] or \[n, 1, h, w\], got an array of length 1$/],
    [() => imageGridPng(tensor([0.5, 0.5])), ShapeError, /^imageGridPng: images must have shape \[n, h, w\], \[n, h·w\] \(square images\) or \[n, 1, h, w\], got \[2\]$/],
    [() => imageGridPng(tensor([[[[0.5]]], [[[0.5]]]]).reshape([1, 2, 1, 1])), ShapeError, /got \[1, 2, 1, 1\]$/],
    [() => imageGridSvg(tensor([[0, 0, 0]])), ShapeError, /^imageGridSvg: images of shape \[n, d\] must have d = h·w of a square image \(784 = 28·28\), got \[1, 3\]; reshape to \[n, h, w\]$/],
    [() => imageGridPng(zeros([0, 1, 1])), ShapeError, /at least one image .* got shape \[0, 1, 1\]$/],
    [() => imageGridPng(tensor([[[0, 1], [2, 0]]])), ArgumentError, /^imageGridPng: images must have values in \[0, 1\], got 2 at \[0, 1, 0\]/],
    [() => imageGridPng(tensor([[[0, Number.NaN]]])), ArgumentError, /got NaN at \[0, 0, 1\]/],
    [() => imageGridPng(tensor([[[0, 1]]], { dtype: "int32" })), DTypeError, /^imageGridPng: images must be float32 or float64 with values in \[0, 1\], got int32$/],
    [() => imageGridPng(ok, { rows: 1, cols: 1 }), ArgumentError, /^imageGridPng: options.rows × options.cols must hold the 2 images, got 1 × 1 = 1$/],
    [() => imageGridPng(ok, { scale: 0 }), ArgumentError, /^imageGridPng: options.scale must be an integer ≥ 1, got the number 0$/],
    [() => imageGridPng(ok, { padding: 1.5 }), ArgumentError, /^imageGridPng: options.padding must be an integer ≥ 0, got the number 1.5$/],
    [() => imageGridPng(ok, { background: 2 }), ArgumentError, /^imageGridPng: options.background must be a grey level in \[0, 1\], got the number 2$/],
    [() => imageGridPng(ok, { title: 3 as unknown as string }), ArgumentError, /^imageGridPng: options.title must be a string, got the number 3$/],
    [() => imageGridPng(ok, { colour: 1 } as never), ArgumentError, /^imageGridPng: options has no key "colour"; the options are rows, cols, padding, scale, background, title$/],
    [() => imageGridPng(ok, { scale: 10000 }), ArgumentError, /^imageGridPng: the grid would be 60006 × 30004 pixels, more than 16384 on a side/],
  ])("%#", (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
