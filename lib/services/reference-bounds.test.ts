import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { PUT } from "@/app/api/v1/models/[slug]/versions/[n]/reference/route";
import { db } from "@/lib/db";
import { createToken } from "@/lib/services/tokens";
import { promotableVersion } from "@/lib/testing/fixtures";

// Point 5 of issue 14: reference-data upload honours REFERENCE_BODY_LIMIT_BYTES, refuses more
// than 1,000 columns, and its audit row keeps a summary (rows, columns, types, a hash), never
// the rows themselves.

async function setup() {
  const v = await promotableVersion();
  const { token } = await createToken(v.editor, { name: "ref", scopes: ["write"] });
  const put = (body: BodyInit, contentType: string, query = "") =>
    PUT(
      new NextRequest(
        `http://localhost/api/v1/models/${v.slug}/versions/${v.n}/reference${query}`,
        {
          method: "PUT",
          body,
          headers: { authorization: `Bearer ${token}`, "content-type": contentType },
        },
      ),
      { params: Promise.resolve({ slug: v.slug, n: String(v.n) }) },
    );
  return { ...v, put };
}

describe("reference upload bounds (PostgreSQL)", () => {
  it("refuses a body larger than REFERENCE_BODY_LIMIT_BYTES (default 32 MiB) with 413", async () => {
    const { put } = await setup();
    // Valid JSON padded past 32 MiB: the limit, not the parser, must refuse it.
    const body = `{"rows":[{"a":1}]}${" ".repeat(33 * 1024 * 1024)}`;
    const res = await put(body, "application/json");
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/larger than 33554432 bytes/);
  });

  it("refuses more than 1,000 columns in JSON and in CSV with 400 naming the limit, storing nothing", async () => {
    const { put, versionId } = await setup();
    const row = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, i]));
    const json = await put(JSON.stringify({ rows: [row] }), "application/json");
    expect(json.status).toBe(400);
    const problem = await json.json();
    expect(problem.detail).toMatch(/1001 columns.*at most 1000/);
    expect(problem.errors[0]).toMatchObject({ path: "rows" });

    const header = Array.from({ length: 1001 }, (_, i) => `f${i}`).join(",");
    const values = Array.from({ length: 1001 }, (_, i) => i).join(",");
    const csv = await put(`${header}\n${values}\n`, "text/csv");
    expect(csv.status).toBe(400);
    expect((await csv.json()).detail).toMatch(/1001 columns.*at most 1000/);
    expect(await db.referenceDataset.count({ where: { versionId } })).toBe(0);
  });

  it("audits a summary of the upload (rows, columns, types, sha256), not the payload", async () => {
    const { put, versionId } = await setup();
    const body = JSON.stringify({
      rows: [
        { temp: 12.5, city: "secret-city" },
        { temp: 14, city: "oslo" },
      ],
    });
    const res = await put(body, "application/json");
    expect(res.status).toBe(200);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "reference.put", entityId: versionId },
    });
    expect(audit.after).toEqual({
      rows: 2,
      columns: 2,
      types: { temp: "numerical", city: "categorical" },
      sha256: createHash("sha256").update(body).digest("hex"),
      outputs: [],
      performanceEstimation: false,
    });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain("secret-city");
  });
});
