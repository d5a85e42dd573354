# syntax=docker/dockerfile:1
# FinPersona's application images, one stage per service (deploy/compose.yaml picks it with `target`).
# Build context: the repository root. Node and pnpm are the versions pinned by .nvmrc and package.json.
ARG NODE_IMAGE=node:24.21.0-slim
ARG NGINX_IMAGE=nginx:1.28-alpine

# --- the whole pnpm workspace, installed from the lockfile -----------------------------------------
FROM ${NODE_IMAGE} AS workspace
ENV CI=true \
    PNPM_HOME=/pnpm \
    npm_config_store_dir=/pnpm/store
RUN npm install --global --no-fund --no-audit pnpm@10.34.9
WORKDIR /app
# The lockfile alone fills the store, so this layer survives source edits.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,id=finpersona-pnpm,target=/pnpm/store pnpm fetch
COPY . .
RUN --mount=type=cache,id=finpersona-pnpm,target=/pnpm/store pnpm install --offline --frozen-lockfile

# --- API and worker: the backend packages compiled with tsc ----------------------------------------
FROM workspace AS backend
# workflows... = the worker and what it depends on (platform, migrations).
RUN pnpm --filter "@finpersona/workflows..." --filter "@finpersona/platform..." run build
# Mount point of the key-encryption key's volume: owned by the runtime user, private (a new named
# volume takes this ownership and mode), since the platform refuses a key file others could read.
RUN mkdir -p /var/lib/finpersona-keys && chown node:node /var/lib/finpersona-keys && chmod 700 /var/lib/finpersona-keys
ENV NODE_ENV=production
USER node

FROM backend AS api
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.API_PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "platform/dist/main.js"]

FROM backend AS worker
CMD ["node", "workflows/dist/worker.js"]

# --- front-ends: a static Vite build served by nginx -----------------------------------------------
FROM workspace AS spa-build
# APP_PACKAGE: @finpersona/admin or @finpersona/customer-app. VITE_* are read at build time.
ARG APP_PACKAGE
ARG VITE_API_URL
ARG VITE_KEYCLOAK_URL
ARG VITE_DEFAULT_TENANT_SLUG
ARG VITE_TENANT_SLUG
ENV VITE_API_URL=${VITE_API_URL} \
    VITE_KEYCLOAK_URL=${VITE_KEYCLOAK_URL} \
    VITE_DEFAULT_TENANT_SLUG=${VITE_DEFAULT_TENANT_SLUG} \
    VITE_TENANT_SLUG=${VITE_TENANT_SLUG}
# Type checking is CI's job (pnpm typecheck); the image only bundles.
RUN test -n "$APP_PACKAGE" && pnpm --filter "$APP_PACKAGE" exec vite build --outDir /out

FROM ${NGINX_IMAGE} AS spa
ENV LISTEN_PORT=8080
COPY deploy/docker/spa.nginx.conf.template /etc/nginx/templates/default.conf.template
COPY --from=spa-build /out /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD wget -q -O /dev/null "http://127.0.0.1:${LISTEN_PORT}/" || exit 1
