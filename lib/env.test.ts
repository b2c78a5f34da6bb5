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

  it("reads the webhook allow list, timeout and retention, refusing a malformed entry", () => {
    expect(parseEnv(base)).toMatchObject({
      WEBHOOK_ALLOWED_HOSTS: "",
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_DELIVERY_RETENTION_DAYS: 30,
    });
    expect(
      parseEnv({ ...base, WEBHOOK_ALLOWED_HOSTS: "hooks.corp, 10.0.0.0/8" }).WEBHOOK_ALLOWED_HOSTS,
    ).toBe("hooks.corp, 10.0.0.0/8");
    expect(() => parseEnv({ ...base, WEBHOOK_ALLOWED_HOSTS: "10.0.0.0/40" })).toThrowError(
      /WEBHOOK_ALLOWED_HOSTS: "10.0.0.0\/40"/,
    );
  });

  it("names every bad variable in one message", () => {
    expect(() =>
      parseEnv({ DATABASE_URL: "mysql://x", LOGIN_MAX_FAILURES: "-1", LOG_LEVEL: "loud" }),
    ).toThrowError(
      /DATABASE_URL[\s\S]*LOG_LEVEL[\s\S]*LOGIN_MAX_FAILURES|DATABASE_URL[\s\S]*LOGIN_MAX_FAILURES[\s\S]*LOG_LEVEL/,
    );
  });

  it("requires all three OIDC variables together", () => {
    expect(() => parseEnv({ ...base, OIDC_ISSUER: "https://login.example.com" })).toThrowError(
      /OIDC_CLIENT_ID/,
    );
    const env = parseEnv({
      ...base,
      OIDC_ISSUER: "https://login.example.com",
      OIDC_CLIENT_ID: "mg",
      OIDC_CLIENT_SECRET: "s",
    });
    expect(env.OIDC_CLIENT_ID).toBe("mg");
  });

  it("demands a session secret in production", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "production" })).toThrowError(/NEXTAUTH_SECRET/);
  });

  it("reads MODELGATE_DEMO as a boolean, off by default", () => {
    expect(parseEnv(base).MODELGATE_DEMO).toBe(false);
    expect(parseEnv({ ...base, MODELGATE_DEMO: "1" }).MODELGATE_DEMO).toBe(true);
    expect(parseEnv({ ...base, MODELGATE_DEMO: "true" }).MODELGATE_DEMO).toBe(true);
    expect(parseEnv({ ...base, MODELGATE_DEMO: "0" }).MODELGATE_DEMO).toBe(false);
    expect(() => parseEnv({ ...base, MODELGATE_DEMO: "yes" })).toThrowError(/MODELGATE_DEMO/);
  });

  describe("first admin (MODELGATE_ADMIN_EMAIL + MODELGATE_ADMIN_PASSWORD)", () => {
    const pair = {
      MODELGATE_ADMIN_EMAIL: "Ops@Example.com",
      MODELGATE_ADMIN_PASSWORD: "a long enough secret",
    };

    it("accepts both, with the email lower-cased", () => {
      const env = parseEnv({ ...base, ...pair });
      expect(env.MODELGATE_ADMIN_EMAIL).toBe("ops@example.com");
      expect(env.MODELGATE_ADMIN_PASSWORD).toBe("a long enough secret");
    });

    it("accepts neither, and treats empty values as unset", () => {
      expect(parseEnv(base).MODELGATE_ADMIN_EMAIL).toBeUndefined();
      const env = parseEnv({ ...base, MODELGATE_ADMIN_EMAIL: "", MODELGATE_ADMIN_PASSWORD: "" });
      expect(env.MODELGATE_ADMIN_EMAIL).toBeUndefined();
      expect(env.MODELGATE_ADMIN_PASSWORD).toBeUndefined();
    });

    it("refuses one without the other, naming the missing one", () => {
      expect(() =>
        parseEnv({ ...base, MODELGATE_ADMIN_EMAIL: pair.MODELGATE_ADMIN_EMAIL }),
      ).toThrowError(
        /MODELGATE_ADMIN_PASSWORD: .*MODELGATE_ADMIN_EMAIL and MODELGATE_ADMIN_PASSWORD/,
      );
      expect(() =>
        parseEnv({ ...base, MODELGATE_ADMIN_PASSWORD: pair.MODELGATE_ADMIN_PASSWORD }),
      ).toThrowError(/MODELGATE_ADMIN_EMAIL: .*MODELGATE_ADMIN_EMAIL and MODELGATE_ADMIN_PASSWORD/);
    });

    it("applies the users' rules to the email and the password, and never echoes the password", () => {
      let message = "";
      try {
        parseEnv({
          ...base,
          MODELGATE_ADMIN_EMAIL: "not-an-email",
          MODELGATE_ADMIN_PASSWORD: "short-pw",
        });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/MODELGATE_ADMIN_EMAIL: must be an email address/);
      expect(message).toMatch(/MODELGATE_ADMIN_PASSWORD: must be at least 10 characters/);
      expect(message).not.toContain("short-pw");
    });
  });

  it("takes an optional METRICS_TOKEN of at least 16 characters", () => {
    expect(parseEnv(base).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ ...base, METRICS_TOKEN: "0123456789abcdef" }).METRICS_TOKEN).toBe(
      "0123456789abcdef",
    );
    expect(() => parseEnv({ ...base, METRICS_TOKEN: "short" })).toThrowError(/METRICS_TOKEN/);
  });

  it("reads the process settings that used to bypass it, with the same defaults", () => {
    expect(parseEnv(base)).toMatchObject({
      BCRYPT_COST: 12,
      DB_POOL_MAX: 10,
      MODELGATE_JOBS: "on",
      MODELGATE_EMBEDDED_DB: false,
      ALLOW_FILE_ARTIFACTS: false,
    });
    const set = {
      BCRYPT_COST: "4",
      DB_POOL_MAX: "4",
      MODELGATE_JOBS: "off",
      MODELGATE_EMBEDDED_DB: "1",
    };
    expect(parseEnv({ ...base, ...set, ALLOW_FILE_ARTIFACTS: "true" })).toMatchObject({
      BCRYPT_COST: 4,
      DB_POOL_MAX: 4,
      MODELGATE_JOBS: "off",
      MODELGATE_EMBEDDED_DB: true,
      ALLOW_FILE_ARTIFACTS: true,
    });
    expect(parseEnv({ ...base, MODELGATE_JOBS: "" }).MODELGATE_JOBS).toBe("on");
    expect(() => parseEnv({ ...base, BCRYPT_COST: "40" })).toThrowError(/BCRYPT_COST/);
    expect(() => parseEnv({ ...base, MODELGATE_JOBS: "sometimes" })).toThrowError(/MODELGATE_JOBS/);
  });

  it("reads the gitops delivery settings: local repositories off, a named author", () => {
    expect(parseEnv(base)).toMatchObject({
      MODELGATE_GITOPS_ALLOW_LOCAL: false,
      MODELGATE_GITOPS_AUTHOR: "Modelgate <modelgate@localhost>",
      MODELGATE_GITOPS_MAX_ATTEMPTS: 8,
      MODELGATE_GITOPS_LEASE_SECONDS: 300,
    });
    expect(
      parseEnv({ ...base, MODELGATE_GITOPS_AUTHOR: "Deploy Bot <bot@acme.example>" })
        .MODELGATE_GITOPS_AUTHOR,
    ).toBe("Deploy Bot <bot@acme.example>");
    expect(() => parseEnv({ ...base, MODELGATE_GITOPS_AUTHOR: "bot@acme.example" })).toThrowError(
      /MODELGATE_GITOPS_AUTHOR must look like "Name <email>"/,
    );
  });
});
