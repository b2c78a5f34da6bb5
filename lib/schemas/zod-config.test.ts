import { afterEach, describe, expect, it, vi } from "vitest";

// The browser's CSP forbids eval; zod must not even try `new Function` there (the browser
// reports the attempt). Loads the schemas the browser loads, as a browser would, and watches
// for the probe.

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe("zod in the browser", () => {
  it("builds every endpoint's schemas without probing for eval", async () => {
    const probes: unknown[] = [];
    const RealFunction = Function;
    vi.stubGlobal("window", {});
    vi.stubGlobal(
      "Function",
      new Proxy(RealFunction, {
        construct(target, args) {
          probes.push(args);
          return Reflect.construct(target, args);
        },
      }),
    );
    vi.resetModules();
    const { z } = await import("zod");
    z.config({ jitless: false });
    await import("@/lib/endpoints/system");
    await import("@/lib/endpoints/models");
    await import("@/lib/endpoints/webhooks");
    const { modelCreate } = await import("@/lib/schemas/models");
    expect(modelCreate.safeParse({ slug: "a-b", name: "A" }).success).toBe(true);
    expect(probes).toEqual([]);
    z.config({ jitless: false });
  });
});
