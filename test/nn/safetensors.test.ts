// safetensors: round trips through nn.save / nn.load; our bytes parsed by a reader written here
// from the format's description; files from other writers (one produced by the reference Python
// implementation, one assembled here byte by byte with a hand-written header); corrupt input.
import { describe, expect, it } from "vitest";
import { ArgumentError, randn, tensor, zeros, type Tensor } from "../../src/index.js";
import { BatchNorm1d, Linear, Sequential, ReLU, load, loadSafetensors, save } from "../../src/nn/index.js";

/** A safetensors reader written from the format description, independent of src/nn/safetensors.ts. */
function referenceRead(bytes: Uint8Array): { headerLength: number; header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>; values: Record<string, number[]> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const start = 8 + headerLength;
  const values: Record<string, number[]> = {};
  for (const [name, e] of Object.entries(header as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>)) {
    if (name === "__metadata__") continue;
    const [b, end] = e.data_offsets;
    const width = { F64: 8, F32: 4, I32: 4, BOOL: 1 }[e.dtype]!;
    const out: number[] = [];
    for (let at = start + b; at < start + end; at += width)
      out.push(e.dtype === "F64" ? view.getFloat64(at, true) : e.dtype === "F32" ? view.getFloat32(at, true) : e.dtype === "I32" ? view.getInt32(at, true) : view.getUint8(at));
    values[name] = out;
  }
  return { headerLength, header, values };
}

const flat = (t: Tensor): number[] => Array.from(t.data());

describe("nn.save / nn.load round trip", () => {
  it("a model's state dict survives, including buffers; the reloaded model computes the same", () => {
    const a = new Sequential(new Linear(4, 3, { seed: 0 }), new BatchNorm1d(3), new ReLU(), new Linear(3, 2, { seed: 1 }));
    a.forward(randn([6, 4], { seed: 2 }));
    const bytes = save(a, { metadata: { epochs: "3" } });
    const b = new Sequential(new Linear(4, 3, { seed: 5 }), new BatchNorm1d(3), new ReLU(), new Linear(3, 2, { seed: 6 }));
    const contents = loadSafetensors(bytes);
    expect(contents.metadata).toEqual({ epochs: "3" });
    b.loadStateDict(contents.tensors);
    a.eval();
    b.eval();
    const x = randn([5, 4], { seed: 3 });
    expect(b.forward(x).toArray()).toEqual(a.forward(x).toArray());
  });

  it("every dtype, scalars and empty tensors keep dtype, shape and values (NaN and ±∞ too)", () => {
    const state = {
      f64: tensor([[1.5, -2], [Math.PI, 1e-300]], { dtype: "float64" }),
      f32: tensor([NaN, Infinity, -Infinity, 0.1]),
      i32: tensor([-2147483648, 0, 2147483647], { dtype: "int32" }),
      flag: tensor([true, false, true]),
      scalar: tensor(7, { dtype: "float64" }),
      empty: zeros([0, 3]),
    };
    const back = load(save(state));
    expect(Object.keys(back).sort()).toEqual(Object.keys(state).sort());
    for (const [name, t] of Object.entries(state)) {
      expect(back[name]!.dtype, name).toBe(t.dtype);
      expect(back[name]!.shape, name).toEqual(t.shape);
      expect(flat(back[name]!), name).toEqual(flat(t));
    }
  });

  it("refuses a tensor named __metadata__ and non-string metadata", () => {
    expect(() => save({ __metadata__: zeros([1]) })).toThrow(/reserved/);
    expect(() => save({ a: zeros([1]) }, { metadata: { n: 3 as unknown as string } })).toThrow(/metadata values must be strings/);
  });
});

describe("our bytes, read by an independent reader", () => {
  const state = { b: tensor([1, 2, 3], { dtype: "int32" }), a: tensor([[0.25, -1]], { dtype: "float64" }), m: tensor([false, true]), w: tensor([0.5, 1.5]) };
  const bytes = save(state, { metadata: { format: "pt" } });
  const { headerLength, header, values } = referenceRead(bytes);

  it("8-byte little-endian length, a JSON header padded with spaces to 8-byte alignment", () => {
    expect((8 + headerLength) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    expect(text.startsWith("{")).toBe(true);
    expect(text.trimEnd().endsWith("}")).toBe(true);
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
    expect(header.__metadata__ as unknown).toEqual({ format: "pt" });
  });

  it("dtypes, shapes, and data_offsets that tile the buffer with every tensor aligned", () => {
    expect(header["a"]).toEqual({ dtype: "F64", shape: [1, 2], data_offsets: [0, 16] });
    expect(header["b"]!.dtype).toBe("I32");
    expect(header["w"]!.dtype).toBe("F32");
    expect(header["m"]).toEqual({ dtype: "BOOL", shape: [2], data_offsets: [36, 38] });
    expect(bytes.length).toBe(8 + headerLength + 38);
    for (const e of Object.values(header)) if ("dtype" in e) expect(e.data_offsets[0] % { F64: 8, F32: 4, I32: 4, BOOL: 1 }[e.dtype]!).toBe(0);
  });

  it("values", () => {
    expect(values).toEqual({ a: [0.25, -1], b: [1, 2, 3], w: [0.5, 1.5], m: [0, 1] });
  });
});

describe("files from other writers", () => {
  it("reads a file written by the reference implementation (Python safetensors 0.8.0, numpy API)", () => {
    // safetensors.numpy.save({"fc.weight": f32 [2, 3], "fc.bias": f64 [2], "steps": i64 scalar 7,
    //   "counts": i32 [1, -2, 3], "mask": bool [T, F, T], "half": f16 [1, -0.5, 65504], "empty": f32 [0, 2]},
    //   metadata={"format": "np", "note": "written by safetensors 0.8.0"})
    const file =
      "8AEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJucCIsIm5vdGUiOiJ3cml0dGVuIGJ5IHNhZmV0ZW5zb3JzIDAuOC4wIn0sInN0ZXBzIjp7ImR0eXBlIjoiSTY0Iiwic2hhcGUiOltdLCJkYXRhX29mZnNldHMiOlswLDhdfSwiZmMuYmlhcyI6eyJkdHlwZSI6IkY2NCIsInNoYXBlIjpbMl0sImRhdGFfb2Zmc2V0cyI6WzgsMjRdfSwiZW1wdHkiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzAsMl0sImRhdGFfb2Zmc2V0cyI6WzI0LDI0XX0sImZjLndlaWdodCI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMiwzXSwiZGF0YV9vZmZzZXRzIjpbMjQsNDhdfSwiY291bnRzIjp7ImR0eXBlIjoiSTMyIiwic2hhcGUiOlszXSwiZGF0YV9vZmZzZXRzIjpbNDgsNjBdfSwiaGFsZiI6eyJkdHlwZSI6IkYxNiIsInNoYXBlIjpbM10sImRhdGFfb2Zmc2V0cyI6WzYwLDY2XX0sIm1hc2siOnsiZHR5cGUiOiJCT09MIiwic2hhcGUiOlszXSwiZGF0YV9vZmZzZXRzIjpbNjYsNjldfX0gICAgICAgBwAAAAAAAAAAAAAAAAD4PwAAAAAAAATAAAAAPwAAoL8AAABAAABAQAAAAAAAAAC+AQAAAP7///8DAAAAADwAuP97AQAB";
    const { tensors, metadata } = loadSafetensors(Uint8Array.from(atob(file), (c) => c.charCodeAt(0)));
    expect(metadata).toEqual({ format: "np", note: "written by safetensors 0.8.0" });
    expect(tensors["fc.weight"]!.dtype).toBe("float32");
    expect(tensors["fc.weight"]!.toArray()).toEqual([[0.5, -1.25, 2], [3, 0, -0.125]]);
    expect(tensors["fc.bias"]!.dtype).toBe("float64");
    expect(tensors["fc.bias"]!.toArray()).toEqual([1.5, -2.5]);
    expect(tensors["steps"]!.dtype).toBe("int32"); // I64 → int32 (the value fits)
    expect(tensors["steps"]!.shape).toEqual([]);
    expect(tensors["steps"]!.item()).toBe(7);
    expect(tensors["counts"]!.toArray()).toEqual([1, -2, 3]);
    expect(tensors["mask"]!.toArray()).toEqual([true, false, true]);
    expect(tensors["half"]!.toArray()).toEqual([1, -0.5, 65504]); // F16 → float32
    expect(tensors["empty"]!.shape).toEqual([0, 2]);
  });

  it("loads a state dict in PyTorch's layout and names (BatchNorm's running_mean, I64 num_batches_tracked) into the same model", () => {
    // torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2)).state_dict(), as
    // safetensors.torch.save_file writes it: weight [out, in], float32, the step counter int64.
    const entries: [string, "F32" | "I64", number[], number[]][] = [
      ["0.weight", "F32", [2, 2], [1, 2, -1, 0.5]],
      ["0.bias", "F32", [2], [0.25, -0.5]],
      ["1.weight", "F32", [2], [2, 0.5]],
      ["1.bias", "F32", [2], [1, -1]],
      ["1.running_mean", "F32", [2], [0.5, -0.25]],
      ["1.running_var", "F32", [2], [4, 0.25]],
      ["1.num_batches_tracked", "I64", [], [12]],
    ];
    let offset = 0;
    const header: Record<string, unknown> = {};
    for (const [name, dtype, shape, values] of entries) {
      const n = values.length * (dtype === "I64" ? 8 : 4);
      header[name] = { dtype, shape, data_offsets: [offset, offset + n] };
      offset += n;
    }
    const h = new TextEncoder().encode(JSON.stringify(header));
    const bytes = new Uint8Array(8 + h.length + offset);
    const v = new DataView(bytes.buffer);
    v.setBigUint64(0, BigInt(h.length), true);
    bytes.set(h, 8);
    let at = 8 + h.length;
    for (const [, dtype, , values] of entries)
      for (const x of values) {
        if (dtype === "I64") v.setBigInt64(at, BigInt(x), true);
        else v.setFloat32(at, x, true);
        at += dtype === "I64" ? 8 : 4;
      }
    const model = new Sequential(new Linear(2, 2), new BatchNorm1d(2));
    model.loadStateDict(load(bytes));
    model.eval();
    // y = (x·Wᵀ + b − mean)/√(var + 1e-5)·γ + β at x = [1, 1]: x·Wᵀ + b = [3.25, −1]
    const y = model.forward(tensor([[1, 1]])).toArray() as number[][];
    expect(y[0]![0]).toBeCloseTo(((3.25 - 0.5) / Math.sqrt(4 + 1e-5)) * 2 + 1, 5);
    expect(y[0]![1]).toBeCloseTo(((-1 + 0.25) / Math.sqrt(0.25 + 1e-5)) * 0.5 - 1, 5);
    expect(Object.keys(model.stateDict())).toEqual(entries.map(([name]) => name));
  });

  it("reads a file assembled byte by byte from a hand-written header (unpadded, unsorted, BF16)", () => {
    const header =
      '{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},' +
      '"b":{"dtype":"BF16","shape":[2],"data_offsets":[16,20]},' +
      '"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},' +
      '"__metadata__":{"k":"v"}}';
    const h = new TextEncoder().encode(header);
    const bytes = new Uint8Array(8 + h.length + 20);
    const v = new DataView(bytes.buffer);
    v.setBigUint64(0, BigInt(h.length), true);
    bytes.set(h, 8);
    const s = 8 + h.length;
    v.setFloat64(s, -3.75, true);
    v.setFloat32(s + 8, 1.25, true);
    v.setFloat32(s + 12, -8, true);
    v.setUint16(s + 16, 0x3fc0, true); // bfloat16 1.5
    v.setUint16(s + 18, 0xc100, true); // bfloat16 −8
    const out = loadSafetensors(bytes);
    expect(Object.keys(out.tensors)).toEqual(["w", "b", "d"]);
    expect(out.tensors["d"]!.toArray()).toEqual([-3.75]);
    expect(out.tensors["w"]!.toArray()).toEqual([1.25, -8]);
    expect(out.tensors["b"]!.toArray()).toEqual([1.5, -8]);
    expect(out.metadata).toEqual({ k: "v" });
  });
});

describe("corrupt input gives a clear error", () => {
  const good = save({ w: tensor([1, 2, 3]), d: tensor([1], { dtype: "float64" }) });
  const withHeader = (json: string, data: number): Uint8Array => {
    const h = new TextEncoder().encode(json);
    const bytes = new Uint8Array(8 + h.length + data);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(h.length), true);
    bytes.set(h, 8);
    return bytes;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ["shorter than 8 bytes", new Uint8Array(5), /fewer than the 8 of the header length/],
    ["truncated header", good.subarray(0, 20), /only 12 follow \(truncated\?\)/],
    ["truncated data", good.subarray(0, good.length - 3), /the data buffer, which has only \d+ bytes \(truncated\?\)/],
    ["absurd header length", Uint8Array.of(255, 255, 255, 255, 255, 255, 255, 127), /exceeds the limit of 100000000 bytes/],
    ["not JSON", withHeader("{nope", 0), /not valid UTF-8 JSON/],
    ["not starting with {", withHeader(' {"a":1}', 0), /must start with '\{'/],
    ["unknown dtype", withHeader('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', 1), /"a" has dtype "F8_E4M3", which wengert does not read/],
    ["size mismatch", withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 4), /"a" is F32 \[2\], which needs 8 bytes, but its data_offsets \[0, 4\] span 4/],
    ["hole", withHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8), /hole at bytes \[0, 4\)/],
    ["overlap", withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8), /overlaps/],
    ["trailing bytes", withHeader('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 6), /has 6 bytes but the tensors cover 4/],
    ["bad shape", withHeader('{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', 4), /invalid shape/],
    ["non-string metadata", withHeader('{"__metadata__":{"n":1}}', 0), /values must be strings/],
  ];
  for (const [name, bytes, message] of cases)
    it(name, () => {
      expect(() => load(bytes)).toThrow(message);
    });

  it("an I64 value outside int32", () => {
    const bytes = withHeader('{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', 8);
    const at = bytes.length - 8;
    new DataView(bytes.buffer).setBigInt64(at, 1n << 40n, true);
    expect(() => load(bytes)).toThrow(/I64 value 1099511627776 at position 0, outside the int32 range/);
  });
});

/** A safetensors file from a header object (serialised as given) and a zero-filled data buffer of `data` bytes. */
function fileOf(header: Record<string, unknown>, data: number): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + h.length + data);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(h.length), true);
  bytes.set(h, 8);
  return bytes;
}

describe("hostile headers are rejected before any tensor is decoded", () => {
  // The first entry, decoded, would raise its own error (an I64 value outside int32): seeing the
  // header's error instead proves that nothing was decoded before the whole header was checked.
  const poisonedFirst = (rest: Record<string, unknown>, data: number): Uint8Array => {
    const bytes = fileOf({ first: { dtype: "I64", shape: [1], data_offsets: [0, 8] }, ...rest }, data);
    new DataView(bytes.buffer).setBigInt64(bytes.length - data, 1n << 40n, true);
    return bytes;
  };

  it("1,500 overlapping entries: the overlap error, nothing decoded", () => {
    const rest: Record<string, unknown> = {};
    for (let i = 0; i < 1500; i++) rest[`t${i}`] = { dtype: "F32", shape: [1024], data_offsets: [0, 4096] };
    expect(() => load(poisonedFirst(rest, 4096))).toThrow(/"t\d+" \(bytes \[0, 4096\)\) overlaps "(first|t\d+)"/);
  });

  const later: [string, Record<string, unknown>, number, RegExp][] = [
    ["a later entry's unknown dtype", { b: { dtype: "F8", shape: [1], data_offsets: [8, 9] } }, 9, /"b" has dtype "F8"/],
    ["a later entry's dtype named like an Object.prototype member", { b: { dtype: "constructor", shape: [1], data_offsets: [8, 9] } }, 9, /"b" has dtype "constructor", which wengert does not read/],
    ["a later entry's non-integer shape", { b: { dtype: "U8", shape: [0.5], data_offsets: [8, 9] } }, 9, /"b" has an invalid shape \[0.5\]/],
    ["a later entry's rank beyond the limit", { b: { dtype: "U8", shape: Array(65).fill(1), data_offsets: [8, 9] } }, 9, /"b" has an invalid shape .* at most 64/],
    ["a later entry's non-integer offsets", { b: { dtype: "U8", shape: [1], data_offsets: [8, 9.5] } }, 9, /"b" has invalid data_offsets \[8,9.5\]/],
    ["a later entry's reversed offsets", { b: { dtype: "U8", shape: [1], data_offsets: [9, 8] } }, 9, /"b" has invalid data_offsets \[9,8\]/],
    ["a later entry out of bounds", { b: { dtype: "U8", shape: [1], data_offsets: [8, 100] } }, 9, /"b" ends at byte 100 of the data buffer, which has only 9 bytes/],
    ["a later entry whose span is not its shape's bytes", { b: { dtype: "F32", shape: [1e6, 1e6], data_offsets: [8, 9] } }, 9, /needs 4000000000000 bytes/],
    ["a hole after the last entry", {}, 12, /the data buffer has 12 bytes but the tensors cover 8/],
    ["a hole between entries", { b: { dtype: "U8", shape: [1], data_offsets: [9, 10] } }, 10, /hole at bytes \[8, 9\)/],
  ];
  for (const [name, rest, data, message] of later)
    it(name, () => {
      expect(() => load(poisonedFirst(rest, data))).toThrow(message);
    });
});

describe("names from a file are plain keys (prototype-free maps)", () => {
  const names = ["__proto__", "constructor", "toString", "hasOwnProperty", "w"];
  const header: Record<string, unknown> = {};
  names.forEach((name, i) => Object.defineProperty(header, name, { value: { dtype: "F32", shape: [1], data_offsets: [4 * i, 4 * i + 4] }, enumerable: true }));
  Object.defineProperty(header, "__metadata__", { value: JSON.parse('{"__proto__": "p", "toString": "s"}') as unknown, enumerable: true });
  const bytes = fileOf(header, 4 * names.length);
  names.forEach((_, i) => new DataView(bytes.buffer).setFloat32(bytes.length - 4 * names.length + 4 * i, i + 1, true));

  it("a tensor named __proto__, constructor or toString is loaded under its name and changes no prototype", () => {
    const { tensors, metadata } = loadSafetensors(bytes);
    expect(Object.keys(tensors)).toEqual(names);
    names.forEach((name, i) => expect(Array.from(tensors[name]!.data()), name).toEqual([i + 1]));
    expect(Object.getPrototypeOf(tensors)).toBe(null);
    expect(Object.keys(metadata)).toEqual(["__proto__", "toString"]);
    expect(metadata["__proto__"]).toBe("p");
  });

  it("a name that is not in the file is not found, whatever Object.prototype has", () => {
    const { tensors } = loadSafetensors(fileOf({ w: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, 4));
    expect(tensors["constructor"]).toBeUndefined();
    expect(tensors["toString"]).toBeUndefined();
    expect("valueOf" in tensors).toBe(false);
  });

  it("loadStateDict reads such a state dict by its own keys", () => {
    const model = new Linear(1, 1);
    const { tensors } = loadSafetensors(bytes);
    expect(() => model.loadStateDict(tensors)).toThrow(/missing keys .*"weight", "bias".*unexpected keys .*"__proto__", "constructor", "toString"/);
    const state = loadSafetensors(save(Object.fromEntries([["weight", tensor([[2]])], ["bias", tensor([3])]]))).tensors;
    model.loadStateDict(state);
    expect(model.forward(tensor([[1]])).toArray()).toEqual([[5]]);
  });

  it("save writes a tensor named __proto__ (and reads it back)", () => {
    const state = Object.fromEntries([["__proto__", tensor([1, 2])], ["constructor", tensor([3])], ["a", tensor([4], { dtype: "float64" })]]) as Record<string, Tensor>;
    const back = load(save(state));
    expect(Object.keys(back).sort()).toEqual(["__proto__", "a", "constructor"]);
    expect(back["__proto__"]!.toArray()).toEqual([1, 2]);
    expect(back["constructor"]!.toArray()).toEqual([3]);
  });
});

describe("save validates its arguments", () => {
  it("a name with a lone surrogate (it would change when written as UTF-8)", () => {
    expect(() => save({ ["w\uD800"]: zeros([1]) })).toThrow(ArgumentError);
    expect(() => save({ ["w\uD800"]: zeros([1]) })).toThrow(/nn\.save: source must be tensor names in well-formed Unicode/);
    expect(() => save({ w: zeros([1]) }, { metadata: { ["k\uDC00"]: "v" } })).toThrow(/nn\.save: options\.metadata must be metadata keys in well-formed Unicode/);
  });

  it("not a tensor, not a state dict, metadata not an object", () => {
    expect(() => save({ w: [1, 2] as unknown as Tensor })).toThrow(/nn\.save: source\["w"\] must be a Tensor, got an array of length 2/);
    expect(() => save(null as unknown as Record<string, Tensor>)).toThrow(/nn\.save: source must be a Module or a state dict/);
    expect(() => save({ w: zeros([1]) }, { metadata: "x" as unknown as Record<string, string> })).toThrow(/nn\.save: options\.metadata must be an object of strings, got the string "x"/);
  });
});
