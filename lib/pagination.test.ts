import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { decodeCursor, encodeCursor, paginate } from "./pagination";

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
