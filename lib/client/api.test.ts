import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { alertEndpoints } from "@/lib/endpoints/alerts";
import { modelEndpoints } from "@/lib/endpoints/models";
import { userEndpoints } from "@/lib/endpoints/users";
import { ApiError, type ApiResult, apiKey, apiUrl, callApi } from "./api";

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body?: unknown) {
  const fetch = vi.fn(
    async () =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { "Content-Type": "application/json" },
      }),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("apiUrl", () => {
  it("fills the path template with encoded parameters and appends the query", () => {
    expect(apiUrl(modelEndpoints.get, { params: { slug: "a/b c" } })).toBe(
      "/api/v1/models/a%2Fb%20c",
    );
    expect(apiUrl(modelEndpoints.list, { query: { q: "x&y", limit: 5, stage: undefined } })).toBe(
      "/api/v1/models?q=x%26y&limit=5",
    );
    expect(apiUrl(modelEndpoints.list, { query: { tag: ["a", "b"] } })).toBe(
      "/api/v1/models?tag=a&tag=b",
    );
  });

  it("refuses a missing path parameter instead of calling a wrong URL", () => {
    expect(() => apiUrl(modelEndpoints.get, { params: {} })).toThrow(/slug/);
  });
});

describe("apiKey", () => {
  it("runs from resource to endpoint to parameters to query, so prefixes invalidate", () => {
    const full = apiKey(modelEndpoints.get, { slug: "m" }, { x: 1 });
    expect(full).toEqual(["api", "Models", "/api/v1/models/{slug}", { slug: "m" }, { x: 1 }]);
    expect(full.slice(0, 4)).toEqual(apiKey(modelEndpoints.get, { slug: "m" }));
    expect(full.slice(0, 3)).toEqual(apiKey(modelEndpoints.get));
    expect(full.slice(0, 2)).toEqual(apiKey.resource("Models"));
    expect(apiKey(modelEndpoints.list, undefined, { q: "a" })).toEqual([
      "api",
      "Models",
      "/api/v1/models",
      {},
      { q: "a" },
    ]);
  });
});

describe("callApi", () => {
  it("sends the spec's method and a JSON body, and returns the parsed answer", async () => {
    const fetch = answer(200, { id: "1", slug: "m" });
    const out = await callApi(modelEndpoints.update, {
      params: { slug: "m" },
      body: { name: "New" },
      headers: { "If-Match": '"1"' },
    });
    expect(out).toEqual({ id: "1", slug: "m" });
    expect(fetch).toHaveBeenCalledWith(
      "/api/v1/models/m",
      expect.objectContaining({
        method: "PATCH",
        body: JSON.stringify({ name: "New" }),
        headers: expect.objectContaining({ "Content-Type": "application/json", "If-Match": '"1"' }),
      }),
    );
  });

  it("turns problem+json into an ApiError with field errors", async () => {
    answer(400, {
      title: "Validation failed",
      detail: "1 invalid field",
      errors: [{ path: "slug", message: "taken" }],
    });
    const error = await callApi(modelEndpoints.create, {
      body: { slug: "m", name: "M" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe("1 invalid field");
    expect((error as ApiError).fieldErrors()).toEqual({ slug: "taken" });
  });

  it("resolves a 204 to undefined", async () => {
    answer(204);
    await expect(
      callApi(alertEndpoints.deleteRule, { params: { id: "r" } }),
    ).resolves.toBeUndefined();
  });

  it("types the result from the response schema", () => {
    expectTypeOf<
      ApiResult<typeof userEndpoints.list>["items"][number]["email"]
    >().toEqualTypeOf<string>();
    expectTypeOf<ApiResult<typeof alertEndpoints.deleteRule>>().toEqualTypeOf<undefined>();
  });
});
