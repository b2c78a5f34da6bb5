import { chmodSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

// Bundles the CLI (cli/bin.ts, its commands and the request schemas it shares with the API)
// into one plain-JavaScript file for the @modelgate/cli package. The package's own
// dependencies stay outside the bundle and are installed with it; anything else reaching the
// bundle from node_modules (Next, Prisma, tsx …) fails the build, since the package would then
// carry the app's runtime.

const root = path.resolve(import.meta.dirname, "..");
const cliDir = path.join(root, "cli");
const outfile = path.join(cliDir, "dist", "modelgate.mjs");

interface Manifest {
  version: string;
  dependencies: Record<string, string>;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;

/** The package must pin what the app is tested with. */
function checkDependencies(cli: Manifest, app: Manifest) {
  for (const [name, version] of Object.entries(cli.dependencies)) {
    if (app.dependencies[name] !== version)
      throw new Error(
        `cli/package.json pins ${name}@${version}, the app uses ${app.dependencies[name] ?? "none"}: keep them equal`,
      );
  }
}

async function main() {
  const cli = readJson<Manifest>(path.join(cliDir, "package.json"));
  checkDependencies(cli, readJson<Manifest>(path.join(root, "package.json")));
  rmSync(path.join(cliDir, "dist"), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["cli/bin.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    tsconfig: "tsconfig.json",
    external: Object.keys(cli.dependencies),
    banner: { js: "#!/usr/bin/env node" },
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  const foreign = Object.keys(result.metafile.inputs).filter((f) => f.includes("node_modules/"));
  if (foreign.length) throw new Error(`The CLI bundle pulled in ${foreign.join(", ")}`);
  chmodSync(outfile, 0o755);
  const bytes = result.metafile.outputs[path.relative(root, outfile)]?.bytes ?? 0;
  console.log(
    `cli/dist/modelgate.mjs: ${(bytes / 1024).toFixed(0)} KiB, @modelgate/cli ${cli.version}`,
  );
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
