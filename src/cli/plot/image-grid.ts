import { ArgumentError, DTypeError, ShapeError } from "../../core/errors.js";
import { argumentError, checkInteger, checkOptions, checkString } from "../../core/validate.js";
import { Tensor } from "../../tensor/tensor.js";
import { zlibDeflate } from "./zlib-deflate.js";

/** Options of `imageGridPng` and `imageGridSvg`. */
export interface ImageGridOptions {
  /** Rows of the grid (default: enough for `cols`). */
  readonly rows?: number;
  /** Images per row (default: ⌈√n⌉, or enough for `rows`). */
  readonly cols?: number;
  /** Pixels of background between images and around the grid, after scaling (default 2). */
  readonly padding?: number;
  /** Each image pixel becomes a `scale` × `scale` block (nearest neighbour; default 2). */
  readonly scale?: number;
  /** Grey level in [0, 1] of the padding and of empty cells (default 1, white). */
  readonly background?: number;
  /** A caption: text above the grid in the SVG, an iTXt "Title" chunk in the PNG. */
  readonly title?: string;
}

/** A grey-scale raster: one byte per pixel, row-major. */
interface Raster {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

// NOTE: as torchvision's make_grid, padding also frames the grid and is counted in output pixels
// (after scaling); unlike make_grid the background defaults to white, which separates dark images.
const OPTION_KEYS: readonly string[] = ["rows", "cols", "padding", "scale", "background", "title"];
// NOTE: at most 16,384 pixels on a side (PNG allows 2³¹ − 1): beyond that the grid is almost
// certainly a mistake (a huge scale) and would take gigabytes; the error says so before allocating.
const MAX_SIDE = 16384;

/** The images' count and size from a shape [n, h, w], [n, h·w] (square images) or [n, 1, h, w]. */
function imageShape(fn: string, shape: readonly number[]): { n: number; h: number; w: number } {
  const expected = "[n, h, w], [n, h·w] (square images) or [n, 1, h, w]";
  let n: number, h: number, w: number;
  if (shape.length === 3) [n, h, w] = shape as [number, number, number];
  else if (shape.length === 4 && shape[1] === 1) [n, , h, w] = shape as [number, number, number, number];
  else if (shape.length === 2) {
    n = shape[0]!;
    h = w = Math.round(Math.sqrt(shape[1]!));
    if (h * w !== shape[1])
      throw new ShapeError(`${fn}: images of shape [n, d] must have d = h·w of a square image (784 = 28·28), got [${shape.join(", ")}]; reshape to [n, h, w]`);
  } else throw new ShapeError(`${fn}: images must have shape ${expected}, got [${shape.join(", ")}]`);
  if (n === 0 || h === 0 || w === 0) throw new ShapeError(`${fn}: images must hold at least one image of at least one pixel, got shape [${shape.join(", ")}]`);
  return { n, h, w };
}

/** The image values as bytes 0–255, after checking that each is in [0, 1] (O(n·h·w), once per picture). */
function imageBytes(fn: string, images: Tensor, shape: readonly number[]): Uint8Array {
  const values = images.data();
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v <= 1)) {
      const index: number[] = [];
      for (let k = shape.length - 1, r = i; k >= 0; k--) {
        index[k] = r % shape[k]!;
        r = Math.floor(r / shape[k]!);
      }
      throw new ArgumentError(`${fn}: images must have values in [0, 1], got ${v} at [${index.join(", ")}] (map them into [0, 1] first, e.g. with sigmoid or (x − min) / (max − min))`);
    }
    out[i] = Math.round(v * 255);
  }
  return out;
}

/** Checks the arguments and lays the images out on a grid of grey bytes. */
function rasterize(fn: string, images: unknown, options: unknown): { raster: Raster; title: string | undefined } {
  if (!(images instanceof Tensor)) throw argumentError(fn, "images", "a Tensor of shape [n, h, w], [n, h·w] or [n, 1, h, w]", images);
  if (images.dtype !== "float32" && images.dtype !== "float64")
    throw new DTypeError(`${fn}: images must be float32 or float64 with values in [0, 1], got ${images.dtype}`);
  const o = checkOptions<ImageGridOptions>(options, fn);
  for (const k of Object.keys(o))
    if (!OPTION_KEYS.includes(k)) throw new ArgumentError(`${fn}: options has no key ${JSON.stringify(k)}; the options are ${OPTION_KEYS.join(", ")}`);
  const { n, h, w } = imageShape(fn, images.shape);
  let rows = o.rows === undefined ? undefined : checkInteger(o.rows, fn, "options.rows", 1);
  let cols = o.cols === undefined ? undefined : checkInteger(o.cols, fn, "options.cols", 1);
  const padding = checkInteger(o.padding ?? 2, fn, "options.padding", 0);
  const scale = checkInteger(o.scale ?? 2, fn, "options.scale", 1);
  const grey = o.background ?? 1;
  if (typeof grey !== "number" || !(grey >= 0 && grey <= 1)) throw argumentError(fn, "options.background", "a grey level in [0, 1]", grey);
  const background = Math.round(255 * grey);
  const title = o.title === undefined ? undefined : checkString(o.title, fn, "options.title");
  cols ??= rows === undefined ? Math.ceil(Math.sqrt(n)) : Math.ceil(n / rows);
  rows ??= Math.ceil(n / cols);
  if (rows * cols < n) throw new ArgumentError(`${fn}: options.rows × options.cols must hold the ${n} images, got ${rows} × ${cols} = ${rows * cols}`);
  const tileH = h * scale, tileW = w * scale;
  const width = cols * tileW + (cols + 1) * padding;
  const height = rows * tileH + (rows + 1) * padding;
  if (width > MAX_SIDE || height > MAX_SIDE)
    throw new ArgumentError(`${fn}: the grid would be ${width} × ${height} pixels, more than ${MAX_SIDE} on a side; use a smaller scale, padding or fewer images`);
  const src = imageBytes(fn, images, images.shape);
  const pixels = new Uint8Array(width * height).fill(background);
  for (let k = 0; k < n; k++) {
    const x0 = padding + (k % cols) * (tileW + padding);
    const y0 = padding + Math.floor(k / cols) * (tileH + padding);
    for (let y = 0; y < tileH; y++) {
      const from = k * h * w + Math.floor(y / scale) * w;
      const to = (y0 + y) * width + x0;
      for (let x = 0; x < tileW; x++) pixels[to + x] = src[from + Math.floor(x / scale)]!;
    }
  }
  return { raster: { width, height, pixels }, title };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG uses) of the bytes. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** PNG bytes of an 8-bit grey-scale raster (filter 0 on every row), with an optional iTXt title. */
function encodePng({ width, height, pixels }: Raster, title: string | undefined): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grey), deflate, adaptive filtering, no interlace
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const parts = [Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10), chunk("IHDR", ihdr)];
  // iTXt: keyword, NUL, compression flag and method, empty language tag and translated keyword, UTF-8 text.
  if (title !== undefined) parts.push(chunk("iTXt", new Uint8Array([...new TextEncoder().encode("Title"), 0, 0, 0, 0, 0, ...new TextEncoder().encode(title)])));
  parts.push(chunk("IDAT", zlibDeflate(raw)), chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Grey-scale images (values in [0, 1], shape [n, h, w], [n, h·w] or [n, 1, h, w]) as one PNG grid.
 *
 * @example
 * writeFileSync("digits.png", imageGridPng(test.images.slice([0, 64]), { cols: 8, scale: 2 }));
 */
export function imageGridPng(images: Tensor, options: ImageGridOptions = {}): Uint8Array {
  const { raster, title } = rasterize("imageGridPng", images, options);
  return encodePng(raster, title);
}

const escapeXml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * The same grid as an SVG document that embeds the PNG as a data URI (a picture a README can show),
 * with the title as text above it.
 *
 * @example
 * writeFileSync("samples.svg", imageGridSvg(samples, { cols: 10, title: "samples from the prior" }));
 */
export function imageGridSvg(images: Tensor, options: ImageGridOptions = {}): string {
  const { raster, title } = rasterize("imageGridSvg", images, options);
  const png = Buffer.from(encodePng(raster, title)).toString("base64");
  const top = title === undefined ? 0 : 24;
  const { width, height } = raster;
  const caption =
    title === undefined
      ? ""
      : `<title>${escapeXml(title)}</title><text x="${width / 2}" y="17" text-anchor="middle" font-family="sans-serif" font-size="14" fill="#222">${escapeXml(title)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + top}" viewBox="0 0 ${width} ${height + top}">` +
    `<rect width="100%" height="100%" fill="#fff"/>${caption}` +
    `<image x="0" y="${top}" width="${width}" height="${height}" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/></svg>\n`
  );
}
