import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/bcrypt";
import { env } from "@/lib/env";

// bcrypt (cost 12, ~250 ms of CPU a check). @node-rs/bcrypt runs each hash and check on
// libuv's thread pool, off the event loop: a burst of sign-ins queues there instead of
// freezing every other request (bcryptjs, in JavaScript, held the loop for the whole check).
// Same algorithm and format, so the $2a$/$2b$ hashes bcryptjs wrote stay valid. The cost is
// BCRYPT_COST, read when a hash is made (importing this module needs no environment).

// At most this many hashes at once: a core stays free for the event loop, and libuv's pool
// (4 threads, shared with file reads and DNS) is never filled with password checks.
const PARALLEL = Math.max(1, Math.min(2, availableParallelism() - 1));
let running = 0;
const queue: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  // A finishing check hands its slot straight to the next in line.
  if (running < PARALLEL) running++;
  else await new Promise<void>((resolve) => queue.push(resolve));
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, env().BCRYPT_COST));
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  // A malformed stored hash is a failed check, not an error.
  return limited(() => verify(password, hash).catch(() => false));
}

// Compared against when the user does not exist, so a wrong email costs as long as a wrong
// password and sign-in does not reveal which accounts exist. Made once, at this instance's
// cost, so it costs what a real hash does.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomUUID()));
}
