// Which peers this run compares against, loaded once; each may be missing (reported, not fatal).
import { loadJaxjs, type JaxPeer } from "./jaxjs.js";
import { loadJsPytorch, type JsPytorchPeer } from "./jspytorch.js";
import type { Loaded } from "./load.js";
import { loadTfjs, type TfPeer } from "./tfjs.js";
import { probeTorch, type TorchPeer } from "./torch.js";

/** Peer ids as used by --peers and in the tables. */
export const PEER_IDS = ["tfjs-cpu", "tfjs-wasm", "jax-js", "js-pytorch", "torch"] as const;
export type PeerId = (typeof PEER_IDS)[number];

export interface Peers {
  "tfjs-cpu": Loaded<TfPeer>;
  "tfjs-wasm": Loaded<TfPeer>;
  "jax-js": Loaded<JaxPeer>;
  "js-pytorch": Loaded<JsPytorchPeer>;
  torch: Loaded<TorchPeer>;
}

const off = { ok: false as const, reason: "not selected (--peers)" };

export async function loadPeers(selected: ReadonlySet<string>): Promise<Peers> {
  const want = (id: PeerId): boolean => selected.has(id);
  return {
    "tfjs-cpu": want("tfjs-cpu") ? await loadTfjs("cpu") : off,
    "tfjs-wasm": want("tfjs-wasm") ? await loadTfjs("wasm") : off,
    "jax-js": want("jax-js") ? await loadJaxjs() : off,
    "js-pytorch": want("js-pytorch") ? await loadJsPytorch() : off,
    torch: want("torch") ? await probeTorch() : off,
  };
}

/** One line per peer: version and notes, or why it is missing. */
export function describePeers(p: Peers): string[] {
  return PEER_IDS.map((id) => {
    const l = p[id];
    if (!l.ok) return `${id}: not available: ${l.reason}`;
    const info = "info" in l.api ? JSON.stringify((l.api as { info: unknown }).info) : "";
    return `${id} ${l.version} ${info}${l.notes.length ? ` (${l.notes.join("; ")})` : ""}`;
  });
}
