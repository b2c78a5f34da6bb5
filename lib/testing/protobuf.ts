/** A protobuf length-delimited field (tag + varint length + bytes), for hand-built OTLP bodies in tests and benches. */
export function protobufField(no: number, body: Uint8Array): Buffer {
  const len: number[] = [];
  let n = body.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from([(no << 3) | 2, ...len]), body]);
}
