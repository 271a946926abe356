# syntax=docker/dockerfile:1
# minibroker in a container: build with dev dependencies, ship dist/ and production
# node_modules only, run as the unprivileged `node` user with the data folder on a volume.
#   docker build -t minibroker .
#   docker run -p 127.0.0.1:9092:9092 -p 127.0.0.1:8080:8080 -e MINIBROKER_INSECURE=true \
#     -v minibroker-data:/data minibroker
# The broker listens on 0.0.0.0 inside the container and refuses to do so open: give it users
# (-e MINIBROKER_USERS_FILE=/run/minibroker/users with the file mounted there; docs/security.md),
# or say MINIBROKER_INSECURE=true and publish the ports on 127.0.0.1 only, as above.

FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts off: `prepare` would build before the sources are here; the native module is built next.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY protocol ./protocol
COPY server ./server
COPY client-sdk ./client-sdk
COPY cli ./cli
COPY testing ./testing
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    MINIBROKER_HOST=0.0.0.0 \
    MINIBROKER_PORT=9092 \
    MINIBROKER_HTTP_PORT=8080 \
    MINIBROKER_DATA_DIR=/data \
    MINIBROKER_LOG_LEVEL=info
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/healthcheck.mjs ./scripts/healthcheck.mjs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 9092 8080
# The check sends ApiVersions on the broker port: it proves the broker itself answers, and works
# with the admin HTTP port turned off too.
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["start"]
