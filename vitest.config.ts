import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CI machines are shared and slow; correctness tests get room, and no test measures wall time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
