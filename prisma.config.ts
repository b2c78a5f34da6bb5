import "dotenv/config";
import { defineConfig } from "prisma/config";

// Prisma 7 configuration. The URL is read directly rather than with `env()`, which throws
// when DATABASE_URL is unset and would break `prisma generate` (it needs no database).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
