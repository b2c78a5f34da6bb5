import { describe, expect, it } from "vitest";
import { deployableImage, imageDigest, imageReferenceProblem } from "./oci";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("imageReferenceProblem", () => {
  it.each([
    "ghcr.io/acme/churn",
    "ghcr.io/acme/churn:1.4",
    `ghcr.io/acme/churn@${DIGEST}`,
    `ghcr.io/acme/churn:1.4@${DIGEST}`,
    "registry.local:5000/team/sub/model-server_v2:latest",
    "localhost:5000/churn",
    "localhost/churn:dev",
    "[::1]:5000/churn:2",
    "docker.io/library/nginx:1.27-alpine",
    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn__svc:2025.01.17",
    `r.io/a:${"t".repeat(128)}`,
  ])("accepts %s", (ref) => {
    expect(imageReferenceProblem(ref)).toBeNull();
  });

  it.each([
    ["", /registry\/repository/],
    ["ghcr.io", /registry\/repository/],
    ["localhost:5000", /registry\/repository/],
    ["acme/churn:1", /registry host.*docker\.io\/acme\//],
    ["churn", /registry\/repository/],
    ["https://ghcr.io/acme/churn", /scheme/],
    ["ghcr.io/acme/churn:1.4 ", /whitespace/],
    ["ghcr.io/Acme/churn", /repository "Acme\/churn" must be lowercase/],
    ["ghcr.io/acme//churn", /repository/],
    ["ghcr.io/acme/churn-", /repository/],
    ["ghcr.io/acme/churn:", /tag/],
    ["ghcr.io/acme/churn:-x", /tag/],
    [`ghcr.io/acme/churn:${"t".repeat(129)}`, /tag/],
    ["ghcr.io/acme/churn@sha256:abc", /digest must be sha256:/],
    [`ghcr.io/acme/churn@${DIGEST.toUpperCase()}`, /digest/],
    [`ghcr.io/acme/churn@sha512:${"a".repeat(128)}`, /digest/],
    [`ghcr.io/acme/churn@${DIGEST}@${DIGEST}`, /digest/],
    ["-bad.io/acme/churn", /registry "-bad.io"/],
    ["ghcr.io:http/acme/churn", /registry "ghcr.io:http"/],
    [`ghcr.io/${"a".repeat(505)}`, /at most 512 characters/],
  ])("refuses %s", (ref, message) => {
    expect(imageReferenceProblem(ref)).toMatch(message);
  });
});

describe("imageDigest and deployableImage", () => {
  it("a digest is what gets deployed, without the tag beside it", () => {
    expect(imageDigest(`ghcr.io/acme/churn:1.4@${DIGEST}`)).toBe(DIGEST);
    expect(deployableImage(`ghcr.io/acme/churn:1.4@${DIGEST}`)).toBe(
      `ghcr.io/acme/churn@${DIGEST}`,
    );
    expect(deployableImage(`localhost:5000/churn@${DIGEST}`)).toBe(
      `localhost:5000/churn@${DIGEST}`,
    );
    expect(deployableImage(`localhost:5000/churn:7@${DIGEST}`)).toBe(
      `localhost:5000/churn@${DIGEST}`,
    );
  });

  it("without a digest the reference is deployed as written", () => {
    for (const ref of ["ghcr.io/acme/churn:1.4", "localhost:5000/churn", "ghcr.io/acme/churn"]) {
      expect(imageDigest(ref)).toBeNull();
      expect(deployableImage(ref)).toBe(ref);
    }
  });

  it("a malformed digest is no digest", () => {
    expect(imageDigest("ghcr.io/acme/churn@sha256:abc")).toBeNull();
  });
});
