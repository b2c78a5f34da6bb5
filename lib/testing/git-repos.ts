import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Real Git repositories for tests: a temporary folder of bare "remotes", reached through
// file:// (allowed as MODELGATE_GITOPS_ALLOW_LOCAL=1 allows it), and the git CLI run without
// the machine's own configuration.

export function gitSandbox(prefix: string) {
  const root = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  let n = 0;
  const git = (args: string[], cwd = root) =>
    execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    }).trim();
  return {
    root,
    git,
    /** A unique name under the sandbox (for caches and other scratch folders). */
    fresh: (name: string) => path.join(root, `${name}-${++n}`),
    /** A new, empty bare repository whose default branch is main. */
    bareRepo() {
      const dir = path.join(root, `remote-${++n}.git`);
      git(["init", "--bare", "--quiet", "--initial-branch=main", dir]);
      return { dir, url: `file://${dir}` };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
