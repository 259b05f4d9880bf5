# Production image: the release server and the hashed browser bundle.
FROM rust:1.95-bookworm AS build
# Node.js runs binaryen's wasm-opt from npm (scripts/wasm-tools); Debian's binaryen is too old
# for what wasm-bindgen emits and would ship a bundle that does not load. zopfli compresses it.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm zopfli \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/setup.sh build && scripts/build-assets.sh release && cargo build --release -p server

FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /app rost \
    && mkdir -p /app/data && chown rost /app/data
WORKDIR /app
COPY --from=build /src/target/release/server /app/server
COPY --from=build /src/target/site /app/site
# /app/data holds the club's files (and, without the variables, generated keys): a volume.
ENV ROST_HOST=0.0.0.0 ROST_PORT=3000 ROST_SITE_ROOT=/app/site ROST_LOG_FORMAT=json ROST_DATA_DIR=/app/data
USER rost
EXPOSE 3000
CMD ["/app/server"]
