# Peygir: one image for every role (PEYGIR_ROLE=all | worker | api).
#   docker build -t peygir .
#   docker run --rm -e TEMPORAL_ADDRESS=temporal:7233 -e PEYGIR_ROLE=worker -e PEYGIR_SECRET=… -e WEBHOOK_SECRET=… peygir
# NODE_ENV=production below makes PEYGIR_SECRET and WEBHOOK_SECRET required: the image has no default secrets.
# Runs the TypeScript sources with tsx (as `npm start` does); the workflows are bundled at build time
# (WORKFLOW_BUNDLE), so a worker starts without webpack.

# --- dependencies: production only (tsx and the Temporal SDK with its native core are dependencies) ---
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- workflow bundle: webpack once here instead of in every worker at start ---
FROM deps AS bundle
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY scripts/bundle-workflows.ts ./scripts/
RUN node --import tsx scripts/bundle-workflows.ts /app/workflow-bundle.js

# --- runtime ---
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PEYGIR_DATA_DIR=/data \
    WORKFLOW_BUNDLE=/app/workflow-bundle.js
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY schema ./schema
COPY data ./data
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY sequences ./sequences
COPY --from=bundle /app/workflow-bundle.js ./workflow-bundle.js
RUN mkdir -p /data && chown node:node /data
# The image's unprivileged user (uid 1000); the app files stay root-owned and read-only to it.
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness of the API roles; a worker-only container has no port (compose overrides this for it).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "src/main.ts"]
