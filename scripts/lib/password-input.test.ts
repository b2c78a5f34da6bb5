import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readFirstLine, typeKeys } from "./password-input";

describe("typeKeys (the hidden prompt's line editing)", () => {
  it("collects characters until Enter and ignores what follows", () => {
    let s = typeKeys("", "secr");
    expect(s).toEqual({ value: "secr", done: false, cancelled: false });
    s = typeKeys(s.value, "et\rtrailing");
    expect(s).toEqual({ value: "secret", done: true, cancelled: false });
    expect(typeKeys("", "pasted password\n")).toEqual({
      value: "pasted password",
      done: true,
      cancelled: false,
    });
  });

  it("handles backspace (either code), Ctrl-U and whole characters beyond the BMP", () => {
    expect(typeKeys("abc", "\u007f").value).toBe("ab");
    expect(typeKeys("abc", "\b\b").value).toBe("a");
    expect(typeKeys("", "\u007f").value).toBe("");
    expect(typeKeys("p🔑", "\u007f").value).toBe("p");
    expect(typeKeys("abc", "\u0015x").value).toBe("x");
  });

  it("ignores arrow keys and other escape sequences", () => {
    expect(typeKeys("ab", "\u001b[D\u001b[Cc\u001b[3~").value).toBe("abc");
  });

  it("cancels on Ctrl-C and ends on Ctrl-D", () => {
    expect(typeKeys("abc", "\u0003")).toMatchObject({ cancelled: true });
    expect(typeKeys("abc", "\u0004")).toEqual({ value: "abc", done: true, cancelled: false });
  });
});

describe("readFirstLine", () => {
  it("returns the first line without its line ending", async () => {
    expect(await readFirstLine(Readable.from(["pass", "word\r\nsecond\n"]))).toBe("password");
    expect(await readFirstLine(Readable.from(["no newline at all"]))).toBe("no newline at all");
  });

  it("returns an empty string for empty input", async () => {
    expect(await readFirstLine(Readable.from([]))).toBe("");
  });
});
