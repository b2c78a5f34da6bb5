import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { badRequest, payloadTooLarge, unsupportedMediaType } from "@/lib/errors";

const gunzipAsync = promisify(gunzip);

/**
 * Undo `Content-Encoding: gzip` (identity passes through), refusing a body that inflates past
 * `limit`. zlib stops inflating at `maxOutputLength` (a bomb costs at most `limit` bytes), and the
 * async form inflates on the thread pool in chunks, so the event loop keeps serving meanwhile.
 */
export async function decodeContentEncoding(
  raw: Buffer,
  contentEncoding: string | null,
  limit: number,
): Promise<Buffer> {
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return raw;
  if (encoding !== "gzip" && encoding !== "x-gzip") {
    throw unsupportedMediaType(
      `Content-Encoding "${encoding}" is not supported; send gzip or identity.`,
    );
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (e) {
    if (e instanceof RangeError || (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw payloadTooLarge(`The decompressed body is larger than ${limit} bytes`);
    }
    throw badRequest(`Malformed gzip body: ${(e as Error).message}`);
  }
}
