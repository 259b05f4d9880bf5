#!/usr/bin/env bash
# Builds the browser bundle: the hydrate WASM, its JS glue and the stylesheet, content-hashed
# into <site>/pkg, with <site>/manifest.json naming them for the server.
#   release → target/site      what scripts/run.sh serves and the browser tests load
#   dev     → target/site-dev  unoptimised, for debugging (ROST_SITE_ROOT=target/site-dev)
# The two never share a folder, so a server started after a dev build still serves release.
# Usage: scripts/build-assets.sh [release|dev]
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-release}"
case "$profile" in
  release) cargo build -p frontend --target wasm32-unknown-unknown --profile wasm-release
           wasm="target/wasm32-unknown-unknown/wasm-release/frontend.wasm"
           site="target/site" ;;
  dev)     cargo build -p frontend --target wasm32-unknown-unknown
           wasm="target/wasm32-unknown-unknown/debug/frontend.wasm"
           site="target/site-dev" ;;
  *) echo "usage: $0 [release|dev]" >&2; exit 2 ;;
esac

staging="$site/.staging"
rm -rf "$staging"
mkdir -p "$staging" "$site/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$staging" --out-name rost "$wasm"
if [ "$profile" = release ]; then
  # binaryen from npm (scripts/setup.sh installs it): Debian's is too old for wasm-bindgen's
  # output. No feature flags: wasm-opt then keeps to the features the module already uses.
  wasm_opt=scripts/wasm-tools/node_modules/.bin/wasm-opt
  [ -x "$wasm_opt" ] || { echo "wasm-opt is missing: run scripts/setup.sh run" >&2; exit 1; }
  "$wasm_opt" -Oz "$staging/rost_bg.wasm" -o "$staging/rost_bg.wasm"
fi
cp style/main.css "$staging/rost.css"

hash="$(cat "$staging/rost.js" "$staging/rost_bg.wasm" "$staging/rost.css" | sha256sum | cut -c1-16)"
name="rost-$hash"
rm -rf "$site/pkg"
mkdir -p "$site/pkg"
mv "$staging/rost.js" "$site/pkg/$name.js"
mv "$staging/rost_bg.wasm" "$site/pkg/${name}_bg.wasm"
mv "$staging/rost.css" "$site/pkg/$name.css"
cp style/favicon.svg "$site/favicon.svg"
if [ -d "$staging/snippets" ]; then mv "$staging/snippets" "$site/pkg/snippets"; fi
rm -rf "$staging"
# Served as is to browsers that accept gzip, so the server never compresses the bundle per request.
level=$([ "$profile" = release ] && echo 9 || echo 1)
gzip -k -f "-$level" "$site/pkg/$name.js" "$site/pkg/${name}_bg.wasm" "$site/pkg/$name.css"
printf '{"output_name": "%s", "stylesheet": "/pkg/%s.css", "profile": "%s"}\n' "$name" "$name" "$profile" > "$site/manifest.json"
echo "assets: $site/pkg/$name.{js,_bg.wasm,css} ($(du -h "$site/pkg/${name}_bg.wasm" | cut -f1) wasm)"
