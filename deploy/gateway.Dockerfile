# Hive Gateway over the supergraph composed at start from the committed subgraph SDL.
FROM node:22-slim
WORKDIR /gateway
COPY gateway/package.json gateway/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY gateway/ ./
# the staff workbench, built as the install script builds it (types from the SDL, then Vite)
RUN npm ci --prefix workbench --no-audit --no-fund && npm run build --prefix workbench \
    && rm -rf workbench/node_modules
# the limits every operation meets, one definition shared with the services
COPY services/kit/limits.json /services/kit/limits.json
EXPOSE 4000
CMD ["sh", "-c", "npx mesh-compose -o supergraph.graphql && npx hive-gateway supergraph supergraph.graphql --host 0.0.0.0 --port 4000"]
