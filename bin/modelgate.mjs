#!/usr/bin/env node
// The `modelgate` command: runs the TypeScript CLI in ../cli through tsx (a dependency),
// so it works straight after `npm ci` without a build step.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../cli/main.ts", import.meta.url);
const code = await main(process.argv);
// Let stdout/stderr drain before exiting; pending timers (spinners) are unref'd.
process.exitCode = code;
