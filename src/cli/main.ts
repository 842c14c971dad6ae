#!/usr/bin/env node
// The `wengert` command (package.json "bin"): see run-cli.ts, and `wengert --help`.
import { runCli } from "./run-cli.js";
import { exitQuietlyOnClosedPipe } from "./closed-pipe.js";

exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);
process.exitCode = await runCli(process.argv.slice(2));
