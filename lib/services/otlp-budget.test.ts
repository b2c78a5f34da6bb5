import { describe, expect, it } from "vitest";
import type { AppError } from "@/lib/errors";
import { countJsonContainers, countOtlpProtobuf, MAX_BUCKET_VALUES } from "./otlp-budget";
import { protobufField as field } from "@/lib/testing/protobuf";

// The counting walk over the protobuf wire format: what it counts, where it stops, and that
// it refuses what it cannot walk (the decoder would refuse it too).

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error("expected a refusal");
};

/** One resource, one scope, one metric whose `kind` field holds `body`. */
const oneMetric = (kind: number, body: Buffer) =>
  field(1, field(2, field(2, Buffer.concat([field(1, Buffer.from("m")), field(kind, body)]))));

describe("countOtlpProtobuf", () => {
  it("passes what it can walk under the caps", () => {
    expect(() => countOtlpProtobuf(oneMetric(5, field(1, Buffer.alloc(0))))).not.toThrow();
    expect(() => countOtlpProtobuf(new Uint8Array(0))).not.toThrow();
  });

  it("stops at the histogram bucket cap", () => {
    const bounds = field(7, Buffer.alloc(8 * (MAX_BUCKET_VALUES + 1)));
    const e = refusal(() => countOtlpProtobuf(oneMetric(9, field(1, bounds))));
    expect(e.code).toBe("payload_too_large");
    expect(e.message).toMatch(/histogram bucket values/);
  });

  it("refuses attribute values nested too deep", () => {
    let value: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 20; i++) value = field(5, field(1, value)); // AnyValue.arrayValue.values
    const attribute = field(1, Buffer.concat([field(1, Buffer.from("k")), field(2, value)]));
    const e = refusal(() => countOtlpProtobuf(field(1, field(1, attribute))));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/nested more than 16 deep/);
  });

  it("refuses a field that runs past its message, and group wire types, as malformed", () => {
    expect(refusal(() => countOtlpProtobuf(new Uint8Array([0x0a, 0x05, 0x00]))).message).toMatch(
      /Malformed protobuf.*past the end/,
    );
    expect(refusal(() => countOtlpProtobuf(new Uint8Array([0x0b]))).message).toMatch(/wire type 3/);
    expect(refusal(() => countOtlpProtobuf(new Uint8Array([0x0a, 0xff]))).message).toMatch(
      /truncated varint/,
    );
  });
});

describe("countJsonContainers", () => {
  it("skips brackets inside strings, escaped quotes included", () => {
    const inString = `{"a":"${'\\"{['.repeat(600_000)}"}`;
    expect(() => countJsonContainers(Buffer.from(inString))).not.toThrow();
    const e = refusal(() => countJsonContainers(Buffer.from(`[${"[],".repeat(1_000_000)}[]]`)));
    expect(e.code).toBe("payload_too_large");
  });
});
