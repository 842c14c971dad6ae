// Lint rules, including the architecture: each layer of src/ may import only from the layers
// listed before it (see ARCHITECTURE.md in the shared notes and the README's "Design" section).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Layers of src/, bottom first. A file in a layer may import from its own layer and lower ones. */
const layers = [
  "core",
  "backend",
  "tensor",
  "random",
  "primitives",
  "interpreters",
  "transforms",
  "ops",
  "eager",
  "methods",
  "testing",
  "trace",
  "compile",
  "linalg",
  "sparse",
  "distributions",
  "stochastic",
  "optim",
  "infer",
  "nn",
  "data",
  "cli",
];

/** Browser-safe layers must not import Node built-ins (only cli/ and data/ loaders may). */
const nodeOnly = ["cli", "data"];

const layerRules = layers.map((layer, i) => {
  const higher = layers.slice(i + 1);
  const patterns = higher.map((h) => ({
    group: [`../${h}/*`, `../../${h}/*`, `../../../${h}/*`],
    message: `src/${layer} sits below src/${h} in the architecture and must not import from it.`,
  }));
  if (!nodeOnly.includes(layer))
    patterns.push({ group: ["node:*", "fs", "path", "os", "zlib", "child_process"], message: "the library runs in browsers: no Node built-ins outside cli/ and data/ loaders." });
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: { "no-restricted-imports": ["error", { patterns }] },
  };
});

export default tseslint.config(
  // assembly/ is AssemblyScript (decorators on functions, wasm types): compiled by asc, not linted as TS.
  { ignores: ["dist/", "node_modules/", "coverage/", "bench/results/", "out/", "build/", "docs/api/", "assembly/", "src/backend/wasm/wasm-bytes.js", "playground/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  ...layerRules,
);
