import { z } from "zod";
import { validationFailed } from "./errors";

// Keyset pagination, in one place. A list is ordered by (a column, id); a page is fetched with
// `take: limit + 1` (the extra row only says whether there is a next page), cut to `limit`,
// and the next page starts strictly after the last row kept. Keyset rather than offset, so
// pages stay stable while rows are added and stay fast however deep one goes.
//
// Cursors are opaque: base64url JSON of the sort value and id of the last row of a page.

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

/** Cut the extra row off a `take: limit + 1` query; `next` makes the cursor from the last row kept. */
export function cutPage<T, C>(rows: T[], limit: number, next: (row: T) => C) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? next(items[items.length - 1]) : null };
}

/** cutPage with an opaque cursor made of the last row's sort value and id. */
export function paginate<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  return cutPage(rows, limit, (row) => encodeCursor(cursorOf(row)));
}

/**
 * A keyset page in three steps: `keyset(query)` decodes the cursor (a malformed one is a
 * `cursor` field error) and says how many rows to `take` (limit + 1: the extra row only
 * says whether there is a next page); the query runs; `page(rows, cursorOf)` cuts the extra
 * row off and makes the next cursor from the last row kept.
 */
export function keyset(query: { limit: number; cursor?: string }) {
  return {
    cursor: decodeCursor(query.cursor),
    take: query.limit + 1,
    page: <T>(rows: T[], cursorOf: (row: T) => Cursor) => paginate(rows, query.limit, cursorOf),
  };
}

/**
 * The Prisma `where` for the rows after `cursor` in (column, id) order: past the cursor's
 * value, or at that value and past its id. `W` is the model's WhereInput; values are dates
 * unless `date: false`. No cursor, no condition.
 */
export function afterCursor<W>(
  cursor: Cursor | undefined,
  column: string,
  { direction = "desc", date = true }: { direction?: "asc" | "desc"; date?: boolean } = {},
): W {
  if (!cursor) return {} as W;
  const op = direction === "desc" ? "lt" : "gt";
  const value = date ? new Date(String(cursor.v)) : cursor.v;
  return { OR: [{ [column]: { [op]: value } }, { [column]: value, id: { [op]: cursor.id } }] } as W;
}
