// The embedded database server: one PGlite session served over TCP by
// @electric-sql/pglite-socket, with one correction. pglite-socket queues every protocol
// message on its own and keeps one connection's messages together only inside a
// transaction. A parameterised query outside one is several messages (Parse, Bind, Describe,
// Execute, Sync) that share the session's unnamed statement and portal, so another
// connection's Parse or Bind could run in between: one client got another's rows, none
// ("Cannot read properties of undefined (reading 'count')" in pg-boss), or `portal "" does not
// exist`. Here an extended-protocol sequence counts as "in a transaction" until its Sync, so
// the queue serves that connection until the sequence ends.
//
// Usage: node scripts/lib/pglite-server.mjs --port=N [--host=H] [--db=DIR|memory://] [--max-connections=N]
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// Messages that open or continue an extended-protocol sequence; Sync (S), a simple Query (Q)
// or Terminate (X) end it.
const SEQUENCE = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));

class SequencedPGlite extends PGlite {
  inSequence = false;

  isInTransaction() {
    return this.inSequence || super.isInTransaction();
  }

  execProtocolRawStream(message, options) {
    this.inSequence = SEQUENCE.has(message[0]);
    return super.execProtocolRawStream(message, options);
  }

  // pglite-socket rolls back with exec() when a client leaves mid-transaction; a sequence it
  // left unfinished ends with it.
  exec(query, options) {
    this.inSequence = false;
    return super.exec(query, options);
  }
}

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "5432" },
    host: { type: "string", default: "127.0.0.1" },
    db: { type: "string", default: "memory://" },
    "max-connections": { type: "string", default: "20" },
  },
});

// The extensions the migrations create (CREATE EXTENSION) must be loadable: PGlite only
// offers those handed to it here.
const db = new SequencedPGlite(values.db, { extensions: { pg_trgm } });
await db.waitReady;
const server = new PGLiteSocketServer({
  db,
  port: Number(values.port),
  host: values.host,
  maxConnections: Number(values["max-connections"]),
});
server.addEventListener("error", (event) =>
  console.error("Embedded database server error:", event.detail),
);
await server.start();

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await db.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
