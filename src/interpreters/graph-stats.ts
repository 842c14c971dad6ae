/**
 * Optional bookkeeping of live reverse-mode graph nodes, for memory tests and leak hunting.
 * Off by default (it costs a FinalizationRegistry entry per node).
 */
export const graphStats = { tracking: false, created: 0, live: 0 };

const finalizer = new FinalizationRegistry<null>(() => {
  graphStats.live--;
});

/** Counts a new node when tracking is on. */
export function countNode(node: object): void {
  if (!graphStats.tracking) return;
  graphStats.created++;
  graphStats.live++;
  finalizer.register(node, null);
}

/** Turns tracking on or off and resets the counters. */
export function trackGraphNodes(on: boolean): void {
  graphStats.tracking = on;
  graphStats.created = 0;
  graphStats.live = 0;
}
