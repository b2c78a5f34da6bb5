import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { afterCursor, cutPage, decodeCursor, encodeCursor, keyset, paginate } from "./pagination";

describe("cursors", () => {
  it("round-trips", () => {
    const c = { v: "2026-11-27T10:00:00.000Z", id: "abc" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it("refuses a cursor that was not made here, as a field error", () => {
    try {
      decodeCursor("not-a-cursor");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).options.errors?.[0].path).toBe("cursor");
    }
  });

  it("gives a next cursor only when there is another page", () => {
    const rows = [1, 2, 3].map((n) => ({ id: String(n) }));
    expect(paginate(rows, 3, (r) => ({ v: null, id: r.id })).nextCursor).toBeNull();
    const page = paginate(rows, 2, (r) => ({ v: null, id: r.id }));
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({ v: null, id: "2" });
  });
});

describe("keyset pages", () => {
  it("takes one row more than the limit and pages on from the last row kept", () => {
    const first = keyset({ limit: 2 });
    expect(first).toMatchObject({ cursor: undefined, take: 3 });
    const rows = [3, 2, 1].map((n) => ({ id: String(n), at: `2026-11-2${n}T00:00:00.000Z` }));
    const page = first.page(rows, (r) => ({ v: r.at, id: r.id }));
    expect(page.items.map((r) => r.id)).toEqual(["3", "2"]);
    expect(keyset({ limit: 2, cursor: page.nextCursor! }).cursor).toEqual({
      v: rows[1].at,
      id: "2",
    });
  });

  it("refuses a malformed cursor as a `cursor` field error", () => {
    expect(() => keyset({ limit: 2, cursor: "nope" })).toThrow(AppError);
  });

  it("continues after the cursor in (column, id) order, in either direction", () => {
    const cursor = { v: "2026-11-27T10:00:00.000Z", id: "abc" };
    const at = new Date(cursor.v);
    expect(afterCursor(undefined, "createdAt")).toEqual({});
    expect(afterCursor(cursor, "createdAt")).toEqual({
      OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: "abc" } }],
    });
    expect(
      afterCursor({ v: "churn", id: "abc" }, "name", { direction: "asc", date: false }),
    ).toEqual({
      OR: [{ name: { gt: "churn" } }, { name: "churn", id: { gt: "abc" } }],
    });
  });

  it("cuts a page whose cursor is not opaque (the audit log's bare ids)", () => {
    expect(cutPage([{ id: 9n }, { id: 8n }, { id: 7n }], 2, (r) => r.id.toString())).toEqual({
      items: [{ id: 9n }, { id: 8n }],
      nextCursor: "8",
    });
  });
});
