import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/x" };

describe("parseEnv", () => {
  it("fills defaults", () => {
    const env = parseEnv(base);
    expect(env.API_BODY_LIMIT_BYTES).toBe(1_048_576);
    expect(env.LOGIN_MAX_FAILURES).toBe(5);
    expect(env.OIDC_DEFAULT_ROLE).toBe("viewer");
  });

  it("names every bad variable in one message", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", LOGIN_MAX_FAILURES: "-1", LOG_LEVEL: "loud" })).toThrowError(
      /DATABASE_URL[\s\S]*LOG_LEVEL[\s\S]*LOGIN_MAX_FAILURES|DATABASE_URL[\s\S]*LOGIN_MAX_FAILURES[\s\S]*LOG_LEVEL/,
    );
  });

  it("requires all three OIDC variables together", () => {
    expect(() => parseEnv({ ...base, OIDC_ISSUER: "https://login.example.com" })).toThrowError(/OIDC_CLIENT_ID/);
    const env = parseEnv({ ...base, OIDC_ISSUER: "https://login.example.com", OIDC_CLIENT_ID: "mg", OIDC_CLIENT_SECRET: "s" });
    expect(env.OIDC_CLIENT_ID).toBe("mg");
  });

  it("demands a session secret in production", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "production" })).toThrowError(/NEXTAUTH_SECRET/);
  });

  it("takes an optional METRICS_TOKEN of at least 16 characters", () => {
    expect(parseEnv(base).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ ...base, METRICS_TOKEN: "0123456789abcdef" }).METRICS_TOKEN).toBe("0123456789abcdef");
    expect(() => parseEnv({ ...base, METRICS_TOKEN: "short" })).toThrowError(/METRICS_TOKEN/);
  });
});
