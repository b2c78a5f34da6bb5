// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run package` builds a self-contained server (scripts/package.ts); `next start` serves
  // the ordinary build.
  ...(process.env.MODELGATE_STANDALONE === "1" ? { output: "standalone" } : {}),
  // Database drivers and the embedded PostgreSQL load native/WASM files at run time:
  // keep them out of the bundle.
  serverExternalPackages: [
    "@prisma/adapter-pg",
    "pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pino",
    "prom-client",
    "@node-rs/bcrypt",
  ],
  // @node-rs/bcrypt's browser entry loads its WebAssembly build, which is not installed: the
  // edge compile of instrumentation.ts reaches it (it never runs there; passwords are checked
  // in Node with the native binding).
  turbopack: { resolveAlias: { "@node-rs/bcrypt-wasm32-wasi": false } },
  typedRoutes: false,
  // Browser protections that never vary, on every response: pages, API routes and static
  // files. The per-request Content-Security-Policy and, over https, HSTS come from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
