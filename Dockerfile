# One image for the API and the web app it serves (docker-compose.yml runs it beside PostgreSQL+PostGIS).
# Untested here (no Docker engine on the development machines); kept correct by review.

# The workspace manifests alone, so each install layer is rebuilt only when dependencies change.
FROM scratch AS manifests
COPY package.json package-lock.json /
COPY apps/api/package.json /apps/api/
COPY apps/web/package.json /apps/web/
COPY packages/core/package.json /packages/core/
COPY packages/db/package.json /packages/db/
COPY packages/analytics/package.json /packages/analytics/

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=manifests / ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

# The running image: production dependencies only (tsx runs the TypeScript sources, so it is one of them), the API
# and shared sources, the built web app and the migrations. No compiler, test tools, .env or data (.dockerignore).
FROM node:20-bookworm-slim
WORKDIR /app
ENV HOST=0.0.0.0 PORT=8080
COPY --from=manifests / ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/apps/api apps/api
COPY --from=build /app/apps/web/dist apps/web/dist
COPY --from=build /app/packages packages
COPY --from=build /app/migrations migrations
USER node
EXPOSE 8080
CMD ["node_modules/.bin/tsx", "apps/api/src/server.ts"]
