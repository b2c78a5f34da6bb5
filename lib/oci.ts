// OCI image references (a version's serving container): registry/repository[:tag][@sha256:…],
// the grammar of distribution/reference with two choices of ours:
// - The registry is required. "acme/churn" means Docker Hub to Docker but nothing to other
//   runtimes; a manifest written from a version should name exactly one place to pull from.
// - The only digest algorithm is sha256 (lowercase hex, as OCI requires for it).
// Pure, so forms, the API schema and the delivery code share it.

export const IMAGE_MAX_LENGTH = 512;

const DOMAIN_COMPONENT = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const PORT = /^[0-9]{1,5}$/;
const IPV6 = /^\[[0-9a-fA-F:]+\]$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const EXAMPLE = "ghcr.io/acme/churn:1.4";

interface ImageReference {
  registry: string;
  repository: string;
  tag: string | null;
  digest: string | null;
}

/** Split without validating: the digest after "@", the tag after a ":" past the last "/". */
function split(ref: string): ImageReference & { name: string } {
  const at = ref.indexOf("@");
  const digest = at >= 0 ? ref.slice(at + 1) : null;
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const colon = base.lastIndexOf(":");
  const hasTag = colon > base.lastIndexOf("/");
  const name = hasTag ? base.slice(0, colon) : base;
  const slash = name.indexOf("/");
  return {
    name,
    registry: slash >= 0 ? name.slice(0, slash) : name,
    repository: slash >= 0 ? name.slice(slash + 1) : "",
    tag: hasTag ? base.slice(colon + 1) : null,
    digest,
  };
}

function registryProblem(registry: string): string | null {
  const colon = registry.lastIndexOf(":");
  const host = colon > registry.lastIndexOf("]") ? registry.slice(0, colon) : registry;
  const port = host === registry ? null : registry.slice(colon + 1);
  const validHost = IPV6.test(host) || host.split(".").every((c) => DOMAIN_COMPONENT.test(c));
  if (!validHost || (port !== null && !PORT.test(port)))
    return `registry "${registry}" is not a host name with an optional :port`;
  // Docker's own rule for telling a registry from a Docker Hub namespace.
  if (!(host.includes(".") || port !== null || host === "localhost" || IPV6.test(host)))
    return `must start with a registry host such as ghcr.io or registry.local:5000 ("${registry}" looks like a Docker Hub namespace: write docker.io/${registry}/…)`;
  return null;
}

/** Why an image reference is refused, or null when it is fine. */
export function imageReferenceProblem(ref: string): string | null {
  if (ref.length > IMAGE_MAX_LENGTH) return `must be at most ${IMAGE_MAX_LENGTH} characters`;
  if (/[\u0000-\u0020\u007f]/.test(ref)) return "must not contain whitespace or control characters";
  if (ref.includes("://")) return `must not include a scheme (write it as ${EXAMPLE})`;
  const { registry, repository, tag, digest } = split(ref);
  if (digest !== null && !DIGEST.test(digest))
    return "digest must be sha256: followed by 64 lowercase hexadecimal characters";
  if (tag !== null && !TAG.test(tag))
    return "tag must be 1–128 letters, digits, _ . or - and not start with . or -";
  if (!repository) return `must be registry/repository[:tag][@sha256:…], e.g. ${EXAMPLE}`;
  const bad = registryProblem(registry);
  if (bad) return bad;
  if (!repository.split("/").every((c) => PATH_COMPONENT.test(c)))
    return `repository "${repository}" must be lowercase letters and digits, in parts separated by /, joined by . _ __ or -`;
  return null;
}

/** The image's sha256 digest ("sha256:<64 hex>") when the reference pins one, else null. */
export function imageDigest(ref: string): string | null {
  const { digest } = split(ref);
  return digest !== null && DIGEST.test(digest) ? digest : null;
}

/**
 * What to deploy: repository@sha256:… when the reference has a digest (a tag beside a digest is
 * only a label, and the digest is what the runtime pulls), else the reference unchanged.
 */
export function deployableImage(ref: string): string {
  const digest = imageDigest(ref);
  return digest ? `${split(ref).name}@${digest}` : ref;
}
