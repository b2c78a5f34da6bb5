import { inject } from "vitest";

// Imported first by integration tests: points lib/db at the run's test database.
process.env.DATABASE_URL = inject("databaseUrl");
