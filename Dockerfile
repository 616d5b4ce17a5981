# syntax=docker/dockerfile:1
# Gateway image; the same image runs the reference services (node dist/reference/main.js).

# --- build: dev dependencies and the TypeScript compiler, src/ → dist/ ------------------------
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall applies patches/ (patch-package): copy them before installing
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schema ./schema
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies, compiled JavaScript and the SDL, as the node user ----
FROM node:22-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# the build stage's pruned, already patched production dependencies (no install scripts here)
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# read at startup by dist/schema/load-schema.js (../../schema/)
COPY schema ./schema
USER node
EXPOSE 4000
# exec form: node is PID 1 and receives SIGTERM itself (graceful drain: README, Operations, Shutdown)
# The young generation's size, pinned so every Node line runs alike: 16 MiB (Node 20's default on
# 64-bit). With nothing of a request kept past its end, a larger one bought no throughput and cost
# p99 and ~80 MiB of RSS (npm run bench, docs/performance.md).
CMD ["node", "--max-semi-space-size=16", "dist/main.js"]
