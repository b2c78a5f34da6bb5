import { createRequire } from "node:module";
import { KEEP_ALIVE_MS } from "../lib/server-flags";
import { applyDefaults } from "./defaults";

// `node server.js` in the packaged build: the defaults of ./defaults.ts, PORT 3000 and
// HOSTNAME 0.0.0.0 unless set, idle connections kept 65 s (scripts/lib/server-flags.ts), then
// Next's standalone server (next-server.js beside this file).

applyDefaults();
process.env.HOSTNAME ||= "0.0.0.0";
process.env.PORT ||= "3000";
process.env.KEEP_ALIVE_TIMEOUT ||= String(KEEP_ALIVE_MS);
createRequire(import.meta.url)("./next-server.js");
