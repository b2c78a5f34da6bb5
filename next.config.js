// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Database drivers and the embedded PostgreSQL load native/WASM files at run time:
  // keep them out of the bundle.
  serverExternalPackages: [
    "@prisma/adapter-pg",
    "pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pino",
    "prom-client",
  ],
  typedRoutes: false,
};

module.exports = nextConfig;
