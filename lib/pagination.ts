import { z } from "zod";
import { validationFailed } from "./errors";

// Opaque keyset cursors: base64url JSON of the sort value and id of the last row of a
// page. Keyset (not offset) so pages stay stable and fast however deep one goes.

const cursorShape = z.object({ v: z.union([z.string(), z.number(), z.null()]), id: z.string() });
export type Cursor = z.infer<typeof cursorShape>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  try {
    return cursorShape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw validationFailed([{ path: "cursor", message: "not a cursor from this list" }]);
  }
}

/** Cut one extra row off a `take: limit + 1` query and make the next cursor from the last row. */
export function paginate<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}
