import { describe, expect, it } from "vitest";
import { can, scopesForRole, type Principal, type Role, type Scope } from "./permissions";

const user = (role: Role): Principal["user"] => ({ id: "u", email: "u@x", name: "U", role });
const withToken = (role: Role, scopes: Scope[]): Principal => ({
  user: user(role),
  token: { id: "t", scopes },
});

describe("can", () => {
  it("lets each role do what the role table says, and no more", () => {
    expect(can({ user: user("viewer") }, "read")).toBe(true);
    expect(can({ user: user("viewer") }, "write")).toBe(false);
    expect(can({ user: user("editor") }, "write")).toBe(true);
    expect(can({ user: user("editor") }, "approve")).toBe(false);
    expect(can({ user: user("approver") }, "approve")).toBe(true);
    expect(can({ user: user("approver") }, "admin")).toBe(false);
    expect(can({ user: user("admin") }, "admin")).toBe(true);
  });

  it("narrows a token to its scopes", () => {
    expect(can(withToken("admin", ["read"]), "write")).toBe(false);
    expect(can(withToken("admin", ["read"]), "read")).toBe(true);
    expect(can(withToken("editor", ["ingest"]), "ingest")).toBe(true);
    expect(can(withToken("editor", ["ingest"]), "read")).toBe(false);
  });

  it("never lets a scope lift a role", () => {
    expect(can(withToken("viewer", ["write"]), "write")).toBe(false);
    expect(can(withToken("editor", ["promote"]), "approve")).toBe(false);
    expect(can(withToken("editor", ["admin"]), "admin")).toBe(false);
  });

  it("treats an admin token's admin scope as every scope", () => {
    expect(can(withToken("admin", ["admin"]), "write")).toBe(true);
  });
});

describe("scopesForRole", () => {
  it("offers only scopes the role can use", () => {
    expect(scopesForRole("viewer")).toEqual(["read"]);
    expect(scopesForRole("editor")).toEqual(["read", "write", "ingest", "promote"]);
    expect(scopesForRole("admin")).toEqual(["read", "write", "ingest", "promote", "admin"]);
  });
});
