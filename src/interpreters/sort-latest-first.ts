import type { GradNode } from "./grad-node.js";

const byDecreasingId = (a: GradNode, b: GradNode): number => b.id - a.id;

/**
 * Sorts `nodes[0..count)` in place by decreasing id (latest recorded first, the order of a reverse
 * sweep), given that `nodes[0..from)` already is: by insertion when few (nearly sorted in practice,
 * and it allocates nothing), otherwise by `Array.prototype.sort`.
 *
 * @example
 * sortLatestFirst(found, found.length); // found[0] is now the latest node
 */
export function sortLatestFirst(nodes: GradNode[], count: number, from = 1): void {
  if (count > 64) {
    if (count === nodes.length) nodes.sort(byDecreasingId);
    else {
      const sorted = nodes.slice(0, count).sort(byDecreasingId);
      for (let i = 0; i < count; i++) nodes[i] = sorted[i]!;
    }
    return;
  }
  for (let i = Math.max(from, 1); i < count; i++) {
    const n = nodes[i]!;
    let j = i - 1;
    while (j >= 0 && nodes[j]!.id < n.id) {
      nodes[j + 1] = nodes[j]!;
      j--;
    }
    nodes[j + 1] = n;
  }
}
