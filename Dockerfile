# Modelgate's container image: the package folder `npm run package` makes (dist/modelgate/) on
# Node.js 24, run as a non-root user. One image for the web app (`node server.js`, the default),
# the background worker (`node worker.js`) and the migrations (`node migrate.js`).
# See docs/deploy.md. Not built or published by this project's CI.
#
#   docker build -t modelgate:0.1.0 .
#   docker run --rm -p 3000:3000 -e DATABASE_URL=… -e NEXTAUTH_URL=… -e NEXTAUTH_SECRET=… modelgate:0.1.0

# ── build: the package folder, from the lock file ───────────────────────────────────────────
FROM node:24-bookworm AS build
WORKDIR /src
# Everything at once: the postinstall (Prisma client generation) needs the schema, the scripts
# and tsconfig.json's paths. .dockerignore keeps node_modules, .next and dist out.
COPY . .
RUN npm ci --no-audit --no-fund && npm run package

# ── run: exactly the package folder ─────────────────────────────────────────────────────────
FROM node:24-bookworm-slim
# GitOps delivery (docs/delivery.md) commits through the git CLI; the rest needs only Node.js.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 modelgate \
  && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin modelgate \
  && mkdir /app && chown 10001:10001 /app
WORKDIR /app
COPY --from=build --chown=10001:10001 /src/dist/modelgate/ ./
USER 10001:10001
# HOSTNAME: Docker and Kubernetes set it to the container's name, and the Next.js standalone
# server listens on HOSTNAME; 0.0.0.0 makes it listen on every interface (the health check
# below asks 127.0.0.1). Bound the web server's heap with
# NODE_OPTIONS=--max-old-space-size=384, as `npm run serve` does (docker-compose.yml does).
ENV NODE_ENV=production \
  PORT=3000 \
  HOSTNAME=0.0.0.0
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
