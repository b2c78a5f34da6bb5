import { chmodSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitSandbox } from "@/lib/testing/git-repos";
import { commitFile, GitRefused, type GitPolicy, scrub } from "./git";

// Real repositories: a bare "remote" per test, made with the git CLI, reached through file://
// (allowed here as MODELGATE_GITOPS_ALLOW_LOCAL=1 would allow it).

const box = gitSandbox("mgg-git");
afterAll(box.remove);
const { bareRepo } = box;
const sh = box.git;

/** A policy of its own per test: local repositories allowed, a fresh cache directory. */
const local = (over: Partial<GitPolicy> = {}): Partial<GitPolicy> => ({
  allowLocal: true,
  workdir: box.fresh("cache"),
  ...over,
});

const manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: churn\n";

describe("commitFile (real git)", () => {
  it("commits the file's exact bytes with the message, trailers and Modelgate as author", async () => {
    const remote = bareRepo();
    const result = await commitFile(
      {
        repoUrl: remote.url,
        branch: "main",
        path: "models/prod/churn.yaml",
        content: manifest,
        message: "Deploy churn v7 to prod",
        trailers: { "Modelgate-Deployment": "dep-7", "Modelgate-Delivery": "del-1" },
      },
      local(),
    );
    expect(result.alreadyDone).toBe(false);
    expect(sh(["rev-parse", "main"], remote.dir)).toBe(result.commit);
    expect(sh(["cat-file", "blob", "main:models/prod/churn.yaml"], remote.dir) + "\n").toBe(
      manifest,
    );
    expect(sh(["log", "-1", "--format=%B", "main"], remote.dir)).toBe(
      "Deploy churn v7 to prod\n\nModelgate-Deployment: dep-7\nModelgate-Delivery: del-1",
    );
    expect(sh(["log", "-1", "--format=%an <%ae>|%cn <%ce>", "main"], remote.dir)).toBe(
      "Modelgate <modelgate@localhost>|Modelgate <modelgate@localhost>",
    );
    expect(sh(["rev-list", "--count", "main"], remote.dir)).toBe("1");
  });

  it("commits a delivery once: the same delivery id again finds the first commit", async () => {
    const remote = bareRepo();
    const policy = local();
    const input = {
      repoUrl: remote.url,
      branch: "main",
      path: "churn.yaml",
      content: manifest,
      message: "Deploy churn v7 to prod",
      trailers: { "Modelgate-Delivery": "del-once" },
    };
    const first = await commitFile(input, policy);
    // A fresh cache too: what a restarted worker on another host would have.
    const again = await commitFile(input, local());
    expect(again).toEqual({ commit: first.commit, alreadyDone: true });
    // Each step is visible: the next delivery commits even though the bytes are the same.
    const next = await commitFile(
      { ...input, trailers: { "Modelgate-Delivery": "del-next" } },
      policy,
    );
    expect(next.alreadyDone).toBe(false);
    expect(sh(["rev-list", "--count", "main"], remote.dir)).toBe("2");
  });

  it("builds on a branch that moved between its fetch and its push, and pushes again", async () => {
    const remote = bareRepo();
    const policy = local();
    const base = { repoUrl: remote.url, branch: "main", content: manifest, message: "Deploy" };
    await commitFile({ ...base, path: "a.yaml", trailers: { "Modelgate-Delivery": "d1" } }, policy);
    // Someone else's clone, and a pre-push hook in Modelgate's cache that lets it push first
    // (once), exactly between Modelgate's fetch and its push.
    const other = box.fresh("other");
    sh(["clone", "--quiet", remote.url, other]);
    sh(
      [
        "-c",
        "user.name=Else",
        "-c",
        "user.email=e@x",
        "commit",
        "--quiet",
        "--allow-empty",
        "-m",
        "theirs",
      ],
      other,
    );
    const cache = path.join(policy.workdir!, readdirSync(policy.workdir!)[0]);
    const hook = path.join(cache, "hooks", "pre-push");
    const marker = box.fresh("moved");
    writeFileSync(
      hook,
      `#!/bin/sh\nunset $(git rev-parse --local-env-vars)\nif [ ! -e '${marker}' ]; then touch '${marker}'; git -C '${other}' push --quiet origin HEAD:main || exit 1; fi\nexit 0\n`,
    );
    chmodSync(hook, 0o755);
    const theirs = sh(["rev-parse", "HEAD"], other);

    const result = await commitFile(
      { ...base, path: "b.yaml", trailers: { "Modelgate-Delivery": "d2" } },
      policy,
    );
    expect(result.alreadyDone).toBe(false);
    expect(sh(["rev-parse", "main"], remote.dir)).toBe(result.commit);
    // On top of their commit, which is kept, with both files there.
    expect(sh(["rev-parse", `${result.commit}^`], remote.dir)).toBe(theirs);
    expect(sh(["ls-tree", "--name-only", "main"], remote.dir).split("\n")).toEqual([
      "a.yaml",
      "b.yaml",
    ]);
  });

  it("refuses file:// and local paths unless local repositories are allowed", async () => {
    const remote = bareRepo();
    const input = {
      repoUrl: remote.url,
      branch: "main",
      path: "x.yaml",
      content: manifest,
      message: "m",
      trailers: {},
    };
    for (const repoUrl of [remote.url, remote.dir]) {
      const refused = commitFile({ ...input, repoUrl }, local({ allowLocal: false }));
      await expect(refused).rejects.toThrowError(GitRefused);
      await expect(refused).rejects.toThrowError(/file:\/\/ URLs and local paths are refused/);
    }
    expect(sh(["rev-list", "--all", "--count"], remote.dir)).toBe("0");
  });

  it("refuses a repository host on an internal address before connecting", async () => {
    const input = { branch: "main", path: "x.yaml", content: manifest, message: "m", trailers: {} };
    for (const repoUrl of [
      "https://127.0.0.1/acme/deploy.git",
      "https://localhost/acme/deploy.git",
      "git@10.1.2.3:acme/deploy.git",
      "ssh://git@[::1]/acme/deploy.git",
    ]) {
      await expect(
        commitFile({ ...input, repoUrl }, local({ allowLocal: false })),
      ).rejects.toThrowError(/address; deployment repositories must be on public addresses/);
    }
  });

  it("never records the token, even when the server echoes it back", async () => {
    const token = "ghp_s3cretT0kenValue1234567890";
    const base64 = Buffer.from(`x-access-token:${token}`).toString("base64");
    process.env.MGG_TEST_GITOPS_TOKEN = token;
    const remote = bareRepo();
    // A server that repeats the credentials it was sent in its refusal.
    const hook = path.join(remote.dir, "hooks", "pre-receive");
    writeFileSync(hook, `#!/bin/sh\necho "denied for ${token} (Basic ${base64})" >&2\nexit 1\n`);
    chmodSync(hook, 0o755);
    const failure = await commitFile(
      {
        repoUrl: remote.url,
        branch: "main",
        path: "x.yaml",
        content: manifest,
        message: "m",
        trailers: {},
        credentialsEnv: "MGG_TEST_GITOPS_TOKEN",
      },
      local(),
    ).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain("denied for *** (Basic ***)");
    expect(message).not.toContain(token);
    expect(message).not.toContain(base64);
    expect(scrub(`a ${encodeURIComponent(token)} b`, [token])).toBe("a *** b");
  });

  it("says which credentials variable is missing, without trying", async () => {
    delete process.env.MGG_TEST_GITOPS_MISSING;
    await expect(
      commitFile(
        {
          repoUrl: bareRepo().url,
          branch: "main",
          path: "x.yaml",
          content: manifest,
          message: "m",
          trailers: {},
          credentialsEnv: "MGG_TEST_GITOPS_MISSING",
        },
        local(),
      ),
    ).rejects.toThrowError(/MGG_TEST_GITOPS_MISSING .* is not set on the server/);
  });
});
