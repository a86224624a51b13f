# syntax=docker/dockerfile:1
# API image: `docker build -f docker/api.Dockerfile -t stress-monitoring/api .` (context = repository root).
# Runs `node dist/apps/api/main.js` with NODE_ENV=production (= `npm run start:prod`);
# `docker run ... stress-monitoring/api node dist/apps/api/main.js migrate` (= `npm run migrate`) applies migrations.

# 1. Every dependency, from the lockfile alone, so this layer is cached until package*.json change.
FROM node:22.23.3-bookworm-slim AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json .npmrc ./
RUN npm ci

# 2. Sources and the production build: dist/apps/api/ (main.js plus every other webpack entry, e.g. worker bundles).
FROM deps AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
COPY . .
RUN npx nx build api --outputStyle=static

# 3. Production dependencies only (the devDependencies hold Angular, Nx, Jest...).
FROM node:22.23.3-bookworm-slim AS runtime-deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# 4. Runtime: no compiler, no sources, no npm cache; owned by root, run as `node` (uid 1000),
#    so the process cannot modify its own code. Needs no writable path but /tmp, so it runs
#    with a read-only root filesystem (`docker run --read-only --tmpfs /tmp`, k8s readOnlyRootFilesystem).
FROM node:22.23.3-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist/apps/api ./dist/apps/api
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM goes straight to node (no npm or shell in between): the API drains and exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/main.js"]
