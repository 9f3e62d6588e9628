# The engine's image: one image, two roles (api, worker), chosen by the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Two malloc arenas shared by all threads instead of one per thread, each keeping what was freed (decision 103).
ENV MALLOC_ARENA_MAX=2
# patches/: small changes to dependencies, applied by npm ci's postinstall (decision 105).
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate
# The web console, served by the API at /console/ (built from web/ with Vite, offline).
RUN npm run build:console
USER node
CMD ["npx", "tsx", "api/server.ts"]
