#!/usr/bin/env bash
# Builds the browser bundle: the hydrate WASM, its JS glue and the stylesheet, content-hashed
# into target/site/pkg, with target/site/manifest.json naming them for the server.
# Usage: scripts/build-assets.sh [release|dev]
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-release}"
case "$profile" in
  release) cargo build -p frontend --target wasm32-unknown-unknown --profile wasm-release
           wasm="target/wasm32-unknown-unknown/wasm-release/frontend.wasm" ;;
  dev)     cargo build -p frontend --target wasm32-unknown-unknown
           wasm="target/wasm32-unknown-unknown/debug/frontend.wasm" ;;
  *) echo "usage: $0 [release|dev]" >&2; exit 2 ;;
esac

site="target/site"
staging="$site/.staging"
rm -rf "$staging"
mkdir -p "$staging" "$site/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$staging" --out-name rost "$wasm"
if [ "$profile" = release ] && command -v wasm-opt >/dev/null; then
  wasm-opt -Oz --all-features "$staging/rost_bg.wasm" -o "$staging/rost_bg.wasm"
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
printf '{"output_name": "%s", "stylesheet": "/pkg/%s.css"}\n' "$name" "$name" > "$site/manifest.json"
echo "assets: $site/pkg/$name.{js,_bg.wasm,css} ($(du -h "$site/pkg/${name}_bg.wasm" | cut -f1) wasm)"
