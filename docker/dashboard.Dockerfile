# syntax=docker/dockerfile:1
# Dashboard image: `docker build -f docker/dashboard.Dockerfile -t stress-monitoring/dashboard .`
# The Angular build served by unprivileged nginx (uid 101) on 8080; /api and /health are proxied
# to API_UPSTREAM so the browser talks to one origin (/metrics is not exposed). config.json is
# written from the environment at container start, so one image serves every environment.

FROM node:22.23.3-bookworm-slim AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json .npmrc ./
RUN npm ci

FROM deps AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
COPY . .
RUN npx nx build dashboard --configuration=production --outputStyle=static

FROM nginxinc/nginx-unprivileged:1.28.0-alpine AS runtime
# Where the API answers, as seen from this container (compose service, Kubernetes Service).
ENV API_UPSTREAM=http://api:3000 \
    DASHBOARD_API_BASE_URL="" \
    DASHBOARD_RUNTIME_DIR=/tmp/dashboard \
    NGINX_ENVSUBST_FILTER="^(API_UPSTREAM|DASHBOARD_)"
COPY docker/nginx/nginx.conf /etc/nginx/nginx.conf
COPY docker/nginx/templates /etc/nginx/templates
COPY --chmod=0755 docker/dashboard/05-runtime-config.envsh /docker-entrypoint.d/05-runtime-config.envsh
COPY --from=build /app/dist/apps/dashboard/browser /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
