# The image of every TypeScript service in this repository (the bookstore's book and author services,
# the queue-worker's two services, the Cloud Map example's API, the rest-proxy example's webpage), one Dockerfile told which service by
# build args. Build context: the repository root (a monorepo with npm workspaces), e.g.
#   docker build -f docker/node-service.Dockerfile \
#     --build-arg SERVICE_PACKAGE=@gatelink/book-service \
#     --build-arg PACKAGE_DIR=services/book-service --build-arg SERVICE_DIR=services/book-service .
# CDK builds it at deploy time (ContainerImage.fromAsset(root, { file, buildArgs })). gatelink runs it
# natively by reading this file with the same build args: the context is copied to /app, and the
# final WORKDIR and CMD say what to start.
#
#   SERVICE_PACKAGE  the npm workspace that holds the service (its dependencies are installed)
#   PACKAGE_DIR      that workspace's folder (its package.json goes into the image)
#   SERVICE_DIR      the service's folder: tsconfig.build.json in it, compiled to dist/server.js

ARG NODE_IMAGE=node:26-alpine

FROM ${NODE_IMAGE} AS build
ARG SERVICE_PACKAGE
ARG SERVICE_DIR
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
# Every workspace manifest, so npm sees the same workspace graph as the lock file
# (infra/test/service-image.test.ts checks this list against the root package.json).
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/console/package.json packages/console/
COPY packages/gatelink/package.json packages/gatelink/
COPY services/book-service/package.json services/book-service/
COPY services/author-service/package.json services/author-service/
COPY infra/package.json infra/
COPY examples/cloudmap-api/package.json examples/cloudmap-api/
COPY examples/queue-worker/package.json examples/queue-worker/
COPY examples/rest-proxy/package.json examples/rest-proxy/
COPY bench/package.json bench/
RUN npm ci --workspace ${SERVICE_PACKAGE} --workspace @gatelink/service-kit --include-workspace-root=false --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build --workspace @gatelink/service-kit \
 && npx tsc -p ${SERVICE_DIR}/tsconfig.build.json \
 && npm prune --omit=dev --workspace ${SERVICE_PACKAGE} --workspace @gatelink/service-kit --include-workspace-root=false --ignore-scripts

FROM ${NODE_IMAGE}
ARG PACKAGE_DIR
ARG SERVICE_DIR
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/packages/service-kit/package.json ./packages/service-kit/
COPY --from=build --chown=root:root /app/packages/service-kit/dist ./packages/service-kit/dist
COPY --from=build --chown=root:root /app/${PACKAGE_DIR}/package.json ./${PACKAGE_DIR}/
COPY --from=build --chown=root:root /app/${SERVICE_DIR}/dist ./${SERVICE_DIR}/dist
WORKDIR /app/${SERVICE_DIR}
# Non-root, and nothing is written at run time: works with a read-only root filesystem.
USER node
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
