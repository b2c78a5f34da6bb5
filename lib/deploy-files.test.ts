import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";

// The deploy files are not run by CI (no image is built here), so they are at least held to
// being valid YAML with the keys that make them work: docker-compose.yml, the Kubernetes
// manifests of docs/deploy.md, and the Dockerfile's final stage.

const read = (file: string) => readFileSync(path.join(process.cwd(), file), "utf8");

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every ```yaml block of a markdown file, each parsed (a block may hold several documents). */
function yamlBlocks(markdown: string): Obj[] {
  const blocks = [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return blocks.flatMap((text) =>
    parseAllDocuments(text).map((doc) => {
      expect(doc.errors.map((e) => e.message)).toEqual([]);
      return doc.toJS() as Obj;
    }),
  );
}

describe("docker-compose.yml", () => {
  const compose = parse(read("docker-compose.yml"), { merge: true }) as Obj;
  const { db, migrate, app, worker } = compose.services;

  it("runs PostgreSQL 15 on a volume, with a health check", () => {
    expect(db.image).toBe("postgres:15");
    expect(db.volumes).toContain("pgdata:/var/lib/postgresql/data");
    expect(compose.volumes).toHaveProperty("pgdata");
    expect(db.healthcheck.test.join(" ")).toContain("pg_isready");
  });

  it("migrates once, then starts the app without jobs and the worker", () => {
    expect(migrate.command).toEqual(["node", "migrate.js"]);
    expect(migrate.restart).toBe("no");
    expect(migrate.depends_on.db.condition).toBe("service_healthy");
    expect(app.command).toEqual(["node", "server.js"]);
    expect(app.environment.MODELGATE_JOBS).toBe("off");
    expect(app.ports).toEqual(["${MODELGATE_PORT:-3000}:3000"]);
    expect(worker.command).toEqual(["node", "worker.js"]);
    expect(worker.environment.MODELGATE_JOBS).toBeUndefined();
    for (const s of [app, worker])
      expect(s.depends_on.migrate.condition).toBe("service_completed_successfully");
  });

  it("takes every secret from the environment, refusing to start without it", () => {
    for (const s of [migrate, app, worker]) {
      expect(s.environment.DATABASE_URL).toContain("${POSTGRES_PASSWORD:?");
      expect(s.environment.NEXTAUTH_SECRET).toMatch(/^\$\{NEXTAUTH_SECRET:\?/);
      expect(s.environment.NEXTAUTH_URL).toMatch(/^\$\{NEXTAUTH_URL:\?/);
    }
    expect(db.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});

describe("docs/deploy.md Kubernetes manifests", () => {
  const docs = yamlBlocks(read("docs/deploy.md"));
  const of = (kind: string, name: string) => {
    const found = docs.find((d) => d.kind === kind && d.metadata?.name === name);
    expect(found, `${kind} ${name}`).toBeDefined();
    return found!;
  };
  const container = (d: Obj) => d.spec.template.spec.containers[0];

  it("are a Secret, a migration Job, the app and worker Deployments and a Service", () => {
    expect(docs.map((d) => `${d.apiVersion} ${d.kind}`).sort()).toEqual([
      "apps/v1 Deployment",
      "apps/v1 Deployment",
      "batch/v1 Job",
      "v1 Secret",
      "v1 Service",
    ]);
    expect(Object.keys(of("Secret", "modelgate").stringData).sort()).toEqual([
      "DATABASE_URL",
      "NEXTAUTH_SECRET",
      "NEXTAUTH_URL",
    ]);
  });

  it("probe the app's readiness and liveness on /api/health, with jobs off", () => {
    const app = container(of("Deployment", "modelgate-app"));
    expect(app.command).toEqual(["node", "server.js"]);
    expect(app.readinessProbe.httpGet.path).toBe("/api/health");
    expect(app.livenessProbe.httpGet.path).toBe("/api/health");
    expect(app.ports[0]).toEqual({ name: "http", containerPort: 3000 });
    expect(app.env).toContainEqual({ name: "MODELGATE_JOBS", value: "off" });
    expect(app.envFrom).toEqual([{ secretRef: { name: "modelgate" } }]);
  });

  it("run the worker and the migrations from the same image and Secret, as uid 10001", () => {
    const job = of("Job", "modelgate-migrate-0-1-0");
    const deployments = [of("Deployment", "modelgate-app"), of("Deployment", "modelgate-worker")];
    expect(container(job).command).toEqual(["node", "migrate.js"]);
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    expect(container(deployments[1]).command).toEqual(["node", "worker.js"]);
    for (const d of [job, ...deployments]) {
      expect(container(d).image).toBe("registry.example.com/modelgate:0.1.0");
      expect(container(d).envFrom).toEqual([{ secretRef: { name: "modelgate" } }]);
      expect(d.spec.template.spec.securityContext.runAsUser).toBe(10001);
    }
    for (const d of deployments)
      expect(d.spec.template.metadata.labels).toEqual(d.spec.selector.matchLabels);
  });

  it("route the Service to the app's pods and port", () => {
    const service = of("Service", "modelgate");
    const app = of("Deployment", "modelgate-app");
    expect(app.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(of("Deployment", "modelgate-worker").spec.template.metadata.labels).not.toMatchObject(
      service.spec.selector,
    );
    expect(service.spec.ports[0].targetPort).toBe(container(app).ports[0].name);
  });
});

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const final = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

  it("puts exactly the package folder on node:24-bookworm-slim, as uid 10001, serving on 3000", () => {
    expect(final).toMatch(/^\nFROM node:24-bookworm-slim\n/);
    expect(final.match(/^COPY .*/gm)).toEqual([
      "COPY --from=build --chown=10001:10001 /src/dist/modelgate/ ./",
    ]);
    expect(final).toMatch(/^USER 10001:10001$/m);
    expect(final).toMatch(/^EXPOSE 3000$/m);
    expect(final).toMatch(/^HEALTHCHECK [\s\S]*fetch\(.*\/api\/health/m);
    expect(final).toMatch(/^CMD \["node", "server\.js"\]$/m);
    expect(dockerfile).toMatch(/npm ci .*&& npm run package/);
  });
});
