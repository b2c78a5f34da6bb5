import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", "data/**", "dist/**", "cli/dist/**"],
    globalSetup: ["./lib/testing/global-setup.ts"],
    setupFiles: ["./lib/testing/setup-db.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration tests share one database (unique data per test), and two cores: run files in parallel, modestly.
    maxWorkers: 2,
    env: { NODE_ENV: "test", BCRYPT_COST: "4", LOG_LEVEL: "silent" },
  },
});
