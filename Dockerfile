# One image for the API and the web app it serves (docker-compose.yml runs it beside PostgreSQL+PostGIS).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/core/package.json packages/core/
COPY packages/db/package.json packages/db/
COPY packages/analytics/package.json packages/analytics/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV HOST=0.0.0.0 PORT=8080
COPY --from=build /app /app
USER node
EXPOSE 8080
CMD ["npx", "tsx", "apps/api/src/server.ts"]
