import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Import boundaries between the layers (docs/architecture.md explains them). Each glob below
// sets a restricted-imports rule once: in flat config a later block that sets the same rule
// for the same file replaces the earlier options instead of adding to them, so the globs of
// one rule must not overlap. Tests are exempt: they set up data across layers on purpose.
// Patterns match both the `@/` alias and relative paths (`../../lib/db`, `../http/errors`).

const tests = ["**/*.test.ts", "**/*.test.tsx"];

const noDatabase = {
  regex: "^(@/|(\\.\\./)+)lib/(db|pg)$",
  message:
    "Pages, components and route handlers reach the database through lib/services, never lib/db or lib/pg directly.",
};

const noServicesAtRunTime = {
  regex: "^(@/|(\\.\\./)+)lib/services(/|$)",
  allowTypeImports: true,
  message:
    "Components get their data from props or lib/client, never by calling a service; `import type` is fine.",
};

// The endpoint specs carry zod schemas: a client component that imports one ships zod and the
// domain's schemas with its page. Components call the API through lib/endpoints/links.
const linksNotSpecs = {
  regex: "^(@/|(\\.\\./)+)lib/endpoints/(?!links$)",
  allowTypeImports: true,
  message:
    "Components call the API through lib/endpoints/links (no zod in the page's JavaScript), not the specs; `import type` is fine.",
};

const noHttp = {
  regex: "^(@/lib/|(\\.\\./)+(lib/)?)http(/|$)",
  message:
    "Services know nothing of HTTP (no Request/Response, statuses, problem+json): errors come from lib/errors, pagination from lib/pagination.",
};

// Schemas and endpoint specs are shared with the browser (forms, the typed client), so they
// hold shapes only: nothing that reaches the database or runs domain logic.
const shapesOnly = [
  {
    regex: "^(@/lib/|(\\.\\./)+(lib/)?)(db|pg|services|jobs)(/|$)",
    message:
      "lib/schemas and lib/endpoints hold shapes only (they reach the browser): no db, pg, services or jobs.",
  },
  {
    regex: "^(@/lib/|(\\.\\./)+(lib/)?)http/(?!endpoint$)",
    message: "lib/schemas and lib/endpoints may use lib/http/endpoint only, not the route wrapper.",
  },
];

// lib/stats and lib/charts are pure functions of their input: they import each other, zod,
// the API's shapes from lib/schemas (zod and the Prisma enums, nothing else), the @stdlib
// maths and node built-ins without side effects, nothing else (no db, pg, env,
// log, services, http, react). A new pure library goes into the allowed list here.
const onlyPure = {
  regex:
    "^(?!\\.|@/lib/(stats|charts|schemas)/|zod(/|$)|@stdlib/|(node:)?(assert|buffer|crypto|events|path|string_decoder|url|util)$)",
  message:
    "lib/stats and lib/charts stay pure: only each other, lib/schemas, zod, @stdlib maths and side-effect-free node built-ins.",
};
const staysInPureLayers = {
  regex: "^\\.\\./(\\.\\./|(?!(stats|charts)/))",
  message: "lib/stats and lib/charts import only each other (and zod or pure libraries).",
};

const boundaries = [
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: tests,
    rules: { "no-restricted-imports": ["error", { patterns: [noDatabase] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    ignores: tests,
    rules: {
      "no-restricted-imports": ["error", { patterns: [noDatabase] }],
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [noServicesAtRunTime, linksNotSpecs] },
      ],
    },
  },
  {
    files: ["lib/services/**/*.ts"],
    ignores: tests,
    rules: { "no-restricted-imports": ["error", { patterns: [noHttp] }] },
  },
  {
    files: ["lib/schemas/**/*.ts", "lib/endpoints/**/*.ts"],
    ignores: tests,
    rules: { "no-restricted-imports": ["error", { patterns: shapesOnly }] },
  },
  {
    files: ["lib/stats/**/*.ts", "lib/charts/**/*.ts"],
    ignores: tests,
    rules: { "no-restricted-imports": ["error", { patterns: [onlyPure, staysInPureLayers] }] },
  },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "data/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "dist/**",
      "cli/dist/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  ...boundaries,
  // More than a few positional arguments read as a riddle at the call site
  // (`updateItem(p, v, i, input, etag)`): the house shape is the caller, what is addressed,
  // the input and options, each an object when it has parts. lib/stats keeps the signatures
  // of the published algorithms it transcribes.
  {
    files: ["app/**", "components/**", "lib/**", "cli/**"],
    ignores: [...tests, "lib/stats/**"],
    rules: { "max-params": ["error", 4] },
  },
  // Settings are validated once, at start-up, in lib/env.ts. The logger (created before any
  // setting is parsed), Next's runtime switch and the test set-up are the exceptions.
  {
    files: ["app/**", "components/**", "lib/**", "proxy.ts"],
    ignores: [...tests, "lib/env.ts", "lib/log.ts", "lib/testing/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read settings with env() from lib/env.ts.",
        },
      ],
    },
  },
];

export default config;
