import { z } from "zod";

// Imported before any schema is built (by common.ts, and by the endpoint files that build
// their own). Zod probes whether it may compile parsers with `new Function` when an object
// schema is created; in the browser our Content-Security-Policy forbids eval, and the browser
// reports the probe as a violation even though zod catches the error. The typed client brings
// the endpoint specs, and so their schemas, into every dashboard page, so the browser runs
// zod without the probe. The server keeps the compiled parsers (ingestion parses a lot).
if (typeof window !== "undefined") z.config({ jitless: true });
