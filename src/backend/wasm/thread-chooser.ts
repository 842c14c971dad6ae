/** Calls a size class runs on each side before the choice between them is made. */
const SAMPLES = 2;
/** Every this many calls of a size class, the side not chosen runs once more (the load may have changed). */
const RECHECK = 16;
/** Weight of a new timing in a size class's running average. */
const ALPHA = 0.25;

interface ClassTimes {
  calls: number;
  /** Running averages of milliseconds per unit of work: on the calling thread, and on the pool. */
  one: number;
  pool: number;
  nOne: number;
  nPool: number;
}

/**
 * Chooses, for a kernel's large calls while the thread count is the default, between the calling
 * thread and the pool by the wall time each has measured in this process, per size class (powers of
 * two of the work): the pool only where it has been faster.
 * NOTE: measured, not assumed: on a machine whose cores are busy with other processes two threads
 * are slower than one (this repository's 2-core bench machine at load 15: 1024² float32 matmul
 * 245 ms on one thread, 269 ms on two); results do not depend on the choice (bit-identical on any
 * thread count), so it may change between calls. Each class starts with SAMPLES calls on each side
 * and re-measures the other side every RECHECK calls.
 */
export class ThreadChooser {
  private readonly classes = new Map<number, ClassTimes>();

  /** True when a call of `work` units (multiply-adds) should run on the pool; counts the call. */
  parallel(work: number): boolean {
    const c = this.classOf(work);
    c.calls++;
    if (c.nOne < SAMPLES) return false;
    if (c.nPool < SAMPLES) return true;
    const poolFaster = c.pool < c.one;
    return c.calls % RECHECK === 0 ? !poolFaster : poolFaster;
  }

  /** Records that a call of `work` units took `ms` milliseconds, on the pool or on the calling thread. */
  record(work: number, onPool: boolean, ms: number): void {
    const c = this.classOf(work);
    const perUnit = ms / work;
    if (onPool) {
      c.pool = c.nPool === 0 ? perUnit : c.pool + ALPHA * (perUnit - c.pool);
      c.nPool++;
    } else {
      c.one = c.nOne === 0 ? perUnit : c.one + ALPHA * (perUnit - c.one);
      c.nOne++;
    }
  }

  private classOf(work: number): ClassTimes {
    const key = Math.floor(Math.log2(Math.max(1, work)));
    let c = this.classes.get(key);
    if (!c) {
      c = { calls: 0, one: 0, pool: 0, nOne: 0, nPool: 0 };
      this.classes.set(key, c);
    }
    return c;
  }
}
