/* global process, console */
// npm run build:if-stale — runs `npm run build` unless dist/ was built, successfully, after the last
// change to anything it is built from. It is the `prepare` script (npm install in a checkout, installs
// from a git URL, npm pack and publish all run it) and part of `npm test`, so CI, which installs with
// `npm ci`, builds once. `--clean` removes dist/ (the build's first step: no stale files ship);
// `--stamp` records a successful build (its last step: a build that failed is never taken as fresh).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const inputs = ["src", "assembly", "scripts/build-wasm.mjs", "tsconfig.json", "tsconfig.build.json"];
const stamp = join(root, "build", "dist-built");

/** Newest modification time under `path` (a file or a folder); 0 when it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

if (process.argv.includes("--clean")) {
  rmSync(stamp, { force: true });
  rmSync(join(root, "dist"), { recursive: true, force: true });
} else if (process.argv.includes("--stamp")) {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
} else if (existsSync(stamp) && existsSync(join(root, "dist", "index.js")) && statSync(stamp).mtimeMs >= Math.max(...inputs.map((p) => newest(join(root, p))))) {
  console.log("build:if-stale: dist/ is up to date");
} else {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "build"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  process.exit(r.status ?? 1);
}
