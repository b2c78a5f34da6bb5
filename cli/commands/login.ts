import { createInterface } from "node:readline/promises";
import { Command } from "commander";
import { Api } from "../api";
import { configPath, normalizeUrl, readStoredConfig, writeStoredConfig } from "../config";
import { CliError } from "../errors";
import { note, out, printJson } from "../ui";
import { api, withJson } from "../shared";

interface Me {
  user: { id: string; email: string; name: string; role: string };
  token: { id: string; scopes: string[] } | null;
}

async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new CliError(
      `Missing ${question.replace(/:\s*$/, "")}: pass it as an option (stdin is not a terminal).`,
    );
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

export function loginCommands(program: Command) {
  withJson(
    program
      .command("login")
      .description(
        "Store the Modelgate URL and an API token in the user's config directory (mode 0600). MODELGATE_URL and MODELGATE_TOKEN still override it.",
      )
      .option("--url <url>", "the Modelgate base URL, e.g. https://modelgate.example.com")
      .option("--token <token>", "an API token (mint one under Settings → API tokens)")
      .option("--token-stdin", "read the token from stdin (keeps it out of the shell history)")
      .option("--no-verify", "store without checking the token against the API"),
  ).action(
    async (opts: {
      url?: string;
      token?: string;
      tokenStdin?: boolean;
      verify: boolean;
      json?: boolean;
    }) => {
      const stored = readStoredConfig();
      const url = normalizeUrl(
        opts.url ??
          (process.env.MODELGATE_URL ||
            (await ask(`Modelgate URL${stored.url ? ` [${stored.url}]` : ""}: `)) ||
            stored.url ||
            ""),
      );
      let token = opts.token;
      if (!token && opts.tokenStdin) {
        const chunks: Buffer[] = [];
        for await (const c of process.stdin) chunks.push(c as Buffer);
        token = Buffer.concat(chunks).toString("utf8").trim();
      }
      token ||= await ask("API token: ");
      if (!token) throw new CliError("No token given.");
      let me: Me | undefined;
      if (opts.verify) me = await new Api(url, token).get<Me>("/api/v1/me");
      const file = writeStoredConfig({ url, token });
      if (opts.json)
        return printJson({
          url,
          config: file,
          user: me?.user ?? null,
          scopes: me?.token?.scopes ?? null,
        });
      out(
        me
          ? `Logged in to ${url} as ${me.user.email} (${me.user.role}; scopes: ${me.token?.scopes.join(", ") ?? "session"}).`
          : `Stored ${url} without checking the token.`,
      );
      note(`Saved to ${file}`);
    },
  );

  withJson(
    program.command("logout").description("Remove the stored token from the config file"),
  ).action((opts: { json?: boolean }) => {
    const stored = readStoredConfig();
    const file = writeStoredConfig({ url: stored.url });
    if (opts.json) return printJson({ config: file, removed: Boolean(stored.token) });
    out(
      stored.token ? `Removed the token from ${file}.` : `No token was stored in ${configPath()}.`,
    );
  });

  withJson(
    program
      .command("whoami")
      .description("Show who the configured token belongs to and its scopes"),
  ).action(async (opts: { json?: boolean }) => {
    const client = api();
    const me = await client.get<Me>("/api/v1/me");
    if (opts.json) return printJson({ url: client.baseUrl, ...me });
    out(
      `${me.user.email} (${me.user.role}) on ${client.baseUrl}; scopes: ${me.token?.scopes.join(", ") ?? "session"}`,
    );
  });
}
