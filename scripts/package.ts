import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

// `npm run package`: a self-contained build in dist/modelgate that runs on a machine with only
// Node.js and a PostgreSQL URL (see docs/deploy.md):
//   server.js     the web app (Next's standalone server behind scripts/package/server.ts)
//   worker.js     the background jobs (scripts/worker.ts behind scripts/package/worker.ts), for MODELGATE_JOBS=off web instances
//   migrate.js    applies prisma/migrations (scripts/package/migrate.ts)
// Next traces the server's node_modules; the worker and the migration runner are bundled with
// esbuild, each into one ES module, with only the packages that load files at run time left
// outside (and copied when Next's trace did not bring them).

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "dist", "modelgate");
const EXTERNAL = ["@prisma/schema-engine-wasm", "@node-rs/bcrypt", "pg-native"];

function nextBuild() {
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      MODELGATE_STANDALONE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  if (r.status !== 0) throw new Error("next build failed");
}

/** One ES module (`<name>.mjs`) and the `<name>.js` that `node <name>.js` starts. */
async function bundle(entry: string, name: string) {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: path.join(out, `${name}.mjs`),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    tsconfig: "tsconfig.json",
    external: EXTERNAL,
    // Bundled CommonJS dependencies call require(): give the module one.
    banner: {
      js: 'import { createRequire as __mgRequire } from "node:module"; const require = __mgRequire(import.meta.url);',
    },
    legalComments: "none",
    logLevel: "warning",
    // lib/schemas imports "zod-openapi" for its type augmentation only; nothing to run.
    logOverride: { "ignored-bare-import": "silent" },
  });
  // The package is a production install whatever the environment says.
  writeFileSync(
    path.join(out, `${name}.js`),
    `process.env.NODE_ENV = "production";\nimport("./${name}.mjs");\n`,
  );
}

function copyPackage(name: string) {
  const target = path.join(out, "node_modules", name);
  if (!existsSync(target))
    cpSync(path.join(root, "node_modules", name), target, { recursive: true, dereference: true });
}

async function main() {
  if (!process.argv.includes("--no-build")) nextBuild();
  const standalone = path.join(root, ".next", "standalone");
  if (!existsSync(path.join(standalone, "server.js")))
    throw new Error(
      ".next/standalone is missing: the build did not run with MODELGATE_STANDALONE=1",
    );
  rmSync(out, { recursive: true, force: true });
  cpSync(standalone, out, { recursive: true, verbatimSymlinks: false });
  renameSync(path.join(out, "server.js"), path.join(out, "next-server.js"));
  cpSync(path.join(root, ".next", "static"), path.join(out, ".next", "static"), {
    recursive: true,
  });
  cpSync(path.join(root, "public"), path.join(out, "public"), { recursive: true });
  cpSync(path.join(root, "prisma", "migrations"), path.join(out, "prisma", "migrations"), {
    recursive: true,
  });
  for (const name of EXTERNAL.filter((n) => existsSync(path.join(root, "node_modules", n))))
    copyPackage(name);
  await bundle("scripts/package/server.ts", "server");
  await bundle("scripts/package/worker.ts", "worker");
  await bundle("scripts/package/migrate.ts", "migrate");
  const app = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    version: string;
    engines: Record<string, string>;
  };
  writeFileSync(
    path.join(out, "package.json"),
    `${JSON.stringify({ name: "modelgate", version: app.version, private: true, engines: app.engines, scripts: { start: "node server.js", worker: "node worker.js", migrate: "node migrate.js" } }, null, 2)}\n`,
  );
  const du = spawnSync("du", ["-sh", out], { encoding: "utf8" });
  console.log(
    `dist/modelgate: ${du.stdout.split("\t")[0] ?? "?"} (node server.js, node worker.js, node migrate.js)`,
  );
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
