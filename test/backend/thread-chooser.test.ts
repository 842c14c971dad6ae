// The measured choice between the calling thread and the pool (ThreadChooser), driven by given
// timings (no clock in the test): explores both sides, follows the faster, re-measures the other.
import { describe, expect, it } from "vitest";
import { ThreadChooser } from "../../src/backend/wasm/thread-chooser.js";

/** Runs `calls` calls of `work` through the chooser, timing each side as given (ms per call); returns the choices. */
function drive(c: ThreadChooser, work: number, calls: number, msOne: number, msPool: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < calls; i++) {
    const p = c.parallel(work);
    c.record(work, p, p ? msPool : msOne);
    out.push(p);
  }
  return out;
}

describe("ThreadChooser", () => {
  it("measures two calls on each side, then takes the pool where it is faster, re-checking one thread every 16th call", () => {
    const c = new ThreadChooser();
    const got = drive(c, 1 << 24, 48, 10, 6);
    expect(got.slice(0, 4)).toEqual([false, false, true, true]);
    const later = got.slice(4);
    // Calls 16, 32, 48 (1-based) re-measure the thread that is not chosen.
    expect(later.filter((p) => !p).length).toBe(3);
    expect(got[15]).toBe(false);
    expect(got[31]).toBe(false);
    expect(got[47]).toBe(false);
  });

  it("stays on the calling thread where the pool is slower (a busy machine), re-checking the pool every 16th call", () => {
    const c = new ThreadChooser();
    const got = drive(c, 1 << 24, 48, 10, 11);
    expect(got.slice(4).filter((p) => p).length).toBe(3);
    expect(got[15]).toBe(true);
  });

  it("follows a change of load: the pool is taken again once its re-measured time is the faster", () => {
    const c = new ThreadChooser();
    drive(c, 1 << 24, 32, 10, 20); // pool slower
    expect(c.parallel(1 << 24)).toBe(false);
    // Now the pool is fast: each re-check lowers its average until it wins.
    const got = drive(c, 1 << 24, 200, 10, 4);
    expect(got.slice(-10).filter((p) => p).length).toBeGreaterThanOrEqual(9);
  });

  it("keeps size classes (powers of two of the work) apart", () => {
    const c = new ThreadChooser();
    drive(c, 1 << 22, 20, 1, 2); // small calls: pool slower
    drive(c, 1 << 26, 20, 100, 55); // large calls: pool faster
    expect(c.parallel((1 << 22) + 5)).toBe(false);
    expect(c.parallel((1 << 26) + 5)).toBe(true);
    // A class not seen yet starts by measuring the calling thread.
    expect(c.parallel(1 << 24)).toBe(false);
  });

  it("compares time per unit of work within a class (calls of different sizes in one class)", () => {
    const c = new ThreadChooser();
    // One thread: 10 ms for 2^24; pool: 9 ms for 1.9·2^24 (faster per unit though slower per call).
    for (let i = 0; i < 4; i++) {
      const p = c.parallel(i < 2 ? 1 << 24 : 1.9 * (1 << 24));
      c.record(p ? 1.9 * (1 << 24) : 1 << 24, p, p ? 9 : 10);
    }
    expect(c.parallel(1.5 * (1 << 24))).toBe(true);
  });
});
