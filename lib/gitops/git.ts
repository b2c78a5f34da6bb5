import { createHash, randomBytes } from "node:crypto";
import { lookup as dnsLookup } from "node:dns/promises";
import { mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { env, namedVariable } from "@/lib/env";
import { classifyAddress, literalAddress } from "@/lib/net/address";
import { parseRepoUrl, type RepoUrl } from "@/lib/net/repo-url";

// One file committed to a deployment repository, through the git CLI (simple-git): the
// repository is a bare cache under MODELGATE_GITOPS_WORKDIR, and the commit is built with
// plumbing (hash-object, a throwaway index, commit-tree) on top of the branch's fetched tip.
// That is a hard reset to origin/<branch> with nothing to reset: no working tree, no stale
// file from an earlier run. A push the branch outran (another writer committed meanwhile)
// is built again on the new tip and pushed again: a rebase of a one-file change.
//
// Idempotence: each delivery's commit carries `Modelgate-Delivery: <id>`. Before committing,
// the branch's recent history is searched for it; a worker that died after its push landed
// finds its commit there on the retry and commits nothing.
//
// Security: only https and ssh (plus file:// where the operator allows local repositories);
// the host must resolve to public addresses, and git connects to the address that was checked
// (no second lookup to rebind); no system or global git config; no prompts; the token travels
// in an http.extraHeader on the command line, never in .git/config, and never in an error.

export interface CommitFileInput {
  repoUrl: string;
  branch: string;
  /** Relative path of the file in the repository. */
  path: string;
  content: string;
  message: string;
  /** `Key: value` lines after the message; `Modelgate-Delivery` makes the commit idempotent. */
  trailers: Record<string, string>;
  /** Name of the environment variable with the HTTPS token or the SSH key's path. */
  credentialsEnv?: string | null;
  workdir?: string;
}

export interface GitPolicy {
  allowLocal: boolean;
  author: { name: string; email: string };
  /** Longest a git command may go without output before it is killed. */
  timeoutMs: number;
  workdir: string;
}

/** The repository cannot be reached as configured; retrying will not change that. */
export class GitRefused extends Error {
  override name = "GitRefused";
}

const DELIVERY_TRAILER = "Modelgate-Delivery";
/** How far back a delivery's commit is looked for: far more steps than a retry lags behind. */
const HISTORY_SCAN = 500;
const PUSH_ATTEMPTS = 4;

export function gitPolicyFromEnv(): GitPolicy {
  const e = env();
  const [, name, email] = /^(.+) <(.+)>$/.exec(e.MODELGATE_GITOPS_AUTHOR)!;
  return {
    allowLocal: e.MODELGATE_GITOPS_ALLOW_LOCAL,
    author: { name, email },
    timeoutMs: 60_000,
    workdir: e.MODELGATE_GITOPS_WORKDIR ?? path.join(tmpdir(), "modelgate-gitops"),
  };
}

/** Replace every secret in `text` (each as given and as the header carries it) with ***. */
export function scrub(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of [s, basicAuth(s), encodeURIComponent(s)]) out = out.split(form).join("***");
  }
  return out;
}

function basicAuth(token: string) {
  return Buffer.from(`x-access-token:${token}`).toString("base64");
}

/** Resolve the host and refuse internal addresses (unless allowed); the address to connect to. */
async function pinnedAddress(host: string, allowLocal: boolean): Promise<string> {
  const lit = literalAddress(host);
  const found = lit
    ? [lit.address]
    : (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
  if (!found.length) throw new Error(`${host} did not resolve`);
  if (!allowLocal) {
    for (const address of found) {
      const kind = classifyAddress(address) ?? classifyAddress(host);
      if (kind)
        throw new GitRefused(
          `${host} resolves to ${address}, ${/^[aeiou]/i.test(kind) ? "an" : "a"} ${kind} address; deployment repositories must be on public addresses (MODELGATE_GITOPS_ALLOW_LOCAL=1 allows internal ones)`,
        );
    }
  }
  return found[0];
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Connection {
  config: string[];
  env: Record<string, string>;
  secrets: string[];
}

/** The -c settings and environment that reach `repo` safely with its credentials. */
async function connect(
  repo: RepoUrl,
  credentialsEnv: string | null | undefined,
  policy: GitPolicy,
): Promise<Connection> {
  const config = [
    "protocol.allow=never",
    "protocol.https.allow=always",
    "protocol.ssh.allow=always",
    ...(policy.allowLocal ? ["protocol.file.allow=always"] : []),
    // Redirects would be a second, unchecked host.
    "http.followRedirects=false",
  ];
  const environment: Record<string, string> = {};
  const secrets: string[] = [];
  const credential = credentialsEnv ? namedVariable(credentialsEnv) : undefined;
  // Not a refusal: an operator can set it (and restart) before the retries run out.
  if (credentialsEnv && !credential)
    throw new Error(
      `the environment variable ${credentialsEnv} (the target's credentialsEnv) is not set on the server`,
    );
  // Whatever a server echoes back (a remote: line) must not carry it into a recorded error.
  if (credential) secrets.push(credential);
  if (repo.kind === "https") {
    const address = await pinnedAddress(repo.host, policy.allowLocal);
    const shown = address.includes(":") ? `[${address}]` : address;
    config.push(`http.curloptResolve=${repo.host}:${repo.port}:${shown}`);
    if (credential) config.push(`http.extraHeader=Authorization: Basic ${basicAuth(credential)}`);
  } else if (repo.kind === "ssh") {
    const address = await pinnedAddress(repo.host, policy.allowLocal);
    // Connect to the checked address; host keys are still those of the name.
    const ssh = [
      "ssh",
      ...(credential ? ["-i", shellQuote(credential), "-o", "IdentitiesOnly=yes"] : []),
      "-o StrictHostKeyChecking=accept-new",
      "-o BatchMode=yes",
      "-o ConnectTimeout=20",
      `-o HostName=${shellQuote(address)}`,
      `-o HostKeyAlias=${shellQuote(repo.host)}`,
    ];
    environment.GIT_SSH_COMMAND = ssh.join(" ");
  }
  return { config, env: environment, secrets };
}

interface Repo {
  dir: string;
  url: string;
  conn: Connection;
  policy: GitPolicy;
}

/** Run one git command in the cache; stdin and extra environment optional. */
async function git(
  repo: Repo,
  args: string[],
  opts: { input?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const instance: SimpleGit = simpleGit({
    baseDir: repo.dir,
    config: repo.conn.config,
    timeout: { block: repo.policy.timeoutMs },
    input: () => opts.input,
    allowEnvironment: [
      "GIT_TERMINAL_PROMPT",
      "GIT_CONFIG_NOSYSTEM",
      "GIT_CONFIG_GLOBAL",
      "GIT_SSH_COMMAND",
      "GIT_INDEX_FILE",
      "GIT_AUTHOR_NAME",
      "GIT_AUTHOR_EMAIL",
      "GIT_COMMITTER_NAME",
      "GIT_COMMITTER_EMAIL",
    ],
    unsafe: {
      // The settings that restrict protocols, and the ssh command and config paths this
      // module itself sets: nothing of them comes from a user.
      allowUnsafeProtocolOverride: true,
      allowUnsafeSshCommand: true,
      allowUnsafeConfigPaths: true,
    },
  });
  try {
    return await instance
      .env({
        PATH: namedVariable("PATH") ?? "/usr/bin:/bin",
        HOME: namedVariable("HOME") ?? tmpdir(),
        GIT_TERMINAL_PROMPT: "0",
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        ...repo.conn.env,
        ...opts.env,
      })
      .raw(args);
  } catch (e) {
    throw new Error(scrub(e instanceof Error ? e.message : String(e), repo.conn.secrets).trim());
  }
}

const remoteRef = (branch: string) => `refs/remotes/origin/${branch}`;

/** Fetch the branch; its tip, or null when the remote does not have it (yet). */
async function fetchTip(repo: Repo, branch: string): Promise<string | null> {
  try {
    await git(repo, [
      "fetch",
      "--no-tags",
      "--quiet",
      repo.url,
      `+refs/heads/${branch}:${remoteRef(branch)}`,
    ]);
  } catch (e) {
    if (!/couldn't find remote ref/i.test((e as Error).message)) throw e;
    await git(repo, ["update-ref", "-d", remoteRef(branch)]);
    return null;
  }
  return (await git(repo, ["rev-parse", "--verify", `${remoteRef(branch)}^{commit}`])).trim();
}

/** The commit on the branch that carries this delivery's trailer, among its recent history. */
async function findDelivery(repo: Repo, tip: string, deliveryId: string) {
  const log = await git(repo, [
    "log",
    `-n${HISTORY_SCAN}`,
    `--format=%H%x00%(trailers:key=${DELIVERY_TRAILER},valueonly,separator=%x00)`,
    tip,
  ]);
  for (const line of log.split("\n")) {
    const [hash, ...values] = line.split("\0");
    if (values.map((v) => v.trim()).includes(deliveryId)) return hash;
  }
  return null;
}

function messageOf(message: string, trailers: Record<string, string>) {
  const lines = Object.entries(trailers).map(([k, v]) => {
    if (!/^[A-Za-z0-9-]+$/.test(k) || /[\r\n]/.test(v)) throw new Error(`bad trailer ${k}`);
    return `${k}: ${v}`;
  });
  return `${message.trim()}\n${lines.length ? `\n${lines.join("\n")}\n` : ""}`;
}

/** A commit of `tip` with the file set to `content` (a commit even when nothing changed). */
async function buildCommit(repo: Repo, tip: string | null, input: CommitFileInput) {
  const index = path.join(repo.dir, `modelgate-index-${randomBytes(6).toString("hex")}`);
  const withIndex = { GIT_INDEX_FILE: index };
  try {
    await git(repo, ["read-tree", ...(tip ? [tip] : ["--empty"])], { env: withIndex });
    const blob = (
      await git(repo, ["hash-object", "-w", "--stdin"], { input: input.content })
    ).trim();
    await git(repo, ["update-index", "--add", "--cacheinfo", `100644,${blob},${input.path}`], {
      env: withIndex,
    });
    const tree = (await git(repo, ["write-tree"], { env: withIndex })).trim();
    const { name, email } = repo.policy.author;
    const commit = await git(repo, ["commit-tree", tree, ...(tip ? ["-p", tip] : []), "-F", "-"], {
      input: messageOf(input.message, input.trailers),
      env: {
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
      },
    });
    return commit.trim();
  } finally {
    await rm(index, { force: true });
  }
}

/** Push; false when the branch moved since it was fetched (the push was not a fast-forward). */
async function push(repo: Repo, commit: string, branch: string): Promise<boolean> {
  try {
    await git(repo, ["push", repo.url, `${commit}:refs/heads/${branch}`]);
    return true;
  } catch (e) {
    // Rejected as not a fast-forward, or overtaken between the server's check and its update.
    if (/non-fast-forward|fetch first|cannot lock ref|but expected/i.test((e as Error).message))
      return false;
    throw e;
  }
}

function checkInput(input: CommitFileInput) {
  const p = input.path;
  if (
    !p ||
    p.startsWith("/") ||
    p.startsWith("-") ||
    p.split("/").some((s) => s === ".." || s === "." || s === "")
  )
    throw new GitRefused(`"${p}" is not a relative path inside the repository`);
  // git check-ref-format's rules, as far as a branch name here can break them.
  const b = input.branch;
  if (
    !b ||
    b.startsWith("-") ||
    /[\u0000-\u0020~^:?*[\\\u007f]|\.\.|@\{|\/\/|\.lock$|^\/|\/$|\.$/.test(b)
  )
    throw new GitRefused(`"${b}" is not a valid branch name`);
}

// One operation per cached repository at a time within this process: two deliveries to one
// repository share its cache, its refs and its throwaway index names.
const queues = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/**
 * Commit `content` to `path` on `branch` of `repoUrl` and push it. With a `Modelgate-Delivery`
 * trailer, a delivery already on the branch is found and returned (`alreadyDone`) instead.
 */
export async function commitFile(
  input: CommitFileInput,
  overrides: Partial<GitPolicy> = {},
): Promise<{ commit: string; alreadyDone: boolean }> {
  const policy = { ...gitPolicyFromEnv(), ...overrides };
  if (input.workdir) policy.workdir = input.workdir;
  const parsed = parseRepoUrl(input.repoUrl, policy.allowLocal);
  if ("problem" in parsed) throw new GitRefused(`repository URL ${parsed.problem}`);
  checkInput(input);
  const key = createHash("sha256").update(input.repoUrl).digest("hex").slice(0, 24);
  const dir = path.join(policy.workdir, `${key}.git`);
  return serialised(dir, async () => {
    // Checked at every push, not only when the target was saved: DNS answers change.
    const conn = await connect(parsed, input.credentialsEnv, policy);
    const repo: Repo = { dir, url: input.repoUrl, conn, policy };
    await mkdir(dir, { recursive: true });
    if (!(await stat(path.join(dir, "HEAD")).catch(() => null)))
      await git(repo, ["init", "--bare", "--quiet"]);
    const deliveryId = input.trailers[DELIVERY_TRAILER];
    for (let attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
      const tip = await fetchTip(repo, input.branch);
      if (deliveryId && tip) {
        const done = await findDelivery(repo, tip, deliveryId);
        if (done) return { commit: done, alreadyDone: true };
      }
      const commit = await buildCommit(repo, tip, input);
      if (await push(repo, commit, input.branch)) return { commit, alreadyDone: false };
    }
    throw new Error(
      `${input.branch} kept moving: ${PUSH_ATTEMPTS} pushes in a row were overtaken by other commits`,
    );
  });
}
