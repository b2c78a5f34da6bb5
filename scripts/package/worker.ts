import { applyDefaults } from "./defaults";

// `node worker.js` in the packaged build: the defaults of ./defaults.ts, then the background
// jobs of scripts/worker.ts (imported afterwards: its modules read the environment).

applyDefaults();
await import("../worker");
