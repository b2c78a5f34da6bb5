// Which Git repository URLs a gitops target may name. Pure, so the target form in the
// browser refuses what the server refuses. Git reads many spellings (ext::, file://, plain
// paths, scp-like host:path); only https and ssh reach a deployment repository. Local
// repositories (file:// and paths) are for tests and single-host trials, and only where the
// operator allows them (MODELGATE_GITOPS_ALLOW_LOCAL), so it is a parameter here.

export type RepoUrl =
  { kind: "https" | "ssh"; host: string; port: number } | { kind: "local"; host: null; port: null };

const scpLike = /^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?!\/\/)(.+)$/;

/** What a repository URL addresses, or why it is refused. */
export function parseRepoUrl(raw: string, allowLocal = false): RepoUrl | { problem: string } {
  if (/[\u0000-\u0020\u007f]/.test(raw))
    return { problem: "must not contain whitespace or control characters" };
  // Anything git could read as an option on its command line.
  if (raw.startsWith("-")) return { problem: "must not start with -" };
  if (/^file:/i.test(raw) || raw.startsWith("/") || raw.startsWith(".")) {
    return allowLocal
      ? { kind: "local", host: null, port: null }
      : {
          problem:
            "file:// URLs and local paths are refused: use an https:// or ssh URL (the server allows local repositories only with MODELGATE_GITOPS_ALLOW_LOCAL=1)",
        };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1].toLowerCase();
  if (scheme === "https" || scheme === "ssh") {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { problem: "is not a valid URL" };
    }
    if (url.password || (scheme === "https" && url.username))
      return {
        problem:
          "must not carry credentials: put the token in an environment variable and name it in credentialsEnv",
      };
    if (url.search || url.hash) return { problem: "must not have a query or a fragment" };
    if (!url.hostname) return { problem: "must name a host" };
    if (url.pathname === "" || url.pathname === "/")
      return { problem: "must name a repository, e.g. https://github.com/acme/deploy.git" };
    return {
      kind: scheme,
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port) || (scheme === "https" ? 443 : 22),
    };
  }
  if (scheme) return { problem: `must be an https:// or ssh URL, not ${scheme}://` };
  const scp = scpLike.exec(raw);
  if (scp && !scp[3].startsWith("-"))
    return { kind: "ssh", host: scp[2].replace(/^\[|\]$/g, ""), port: 22 };
  return {
    problem:
      "must be an https:// or ssh URL (https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git)",
  };
}

/** Why a repository URL is refused, or null when it is fine. */
export function repoUrlProblem(raw: string, allowLocal = false): string | null {
  const parsed = parseRepoUrl(raw, allowLocal);
  return "problem" in parsed ? parsed.problem : null;
}
