#!/usr/bin/env bash
# Builds the browser bundle: the hydrate WASM split into a main module and lazily loaded chunks
# (the lazy pages of app/src/routes.rs), its JS glue and the stylesheet, in a content-hashed
# folder <site>/pkg/<hash>, with <site>/manifest.json naming it for the server.
#   release → target/site      what scripts/run.sh serves and the browser tests load
#   dev     → target/site-dev  unoptimised, for debugging (ROST_SITE_ROOT=target/site-dev)
# The two never share a folder, so a server started after a dev build still serves release.
# The folder is hashed rather than the files because the split loader and the chunks name each
# other by fixed names.
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

# Both built by scripts/setup.sh. binaryen comes from npm: Debian's is too old for wasm-bindgen's
# output.
splitter=target/tools/release/rost-wasm-split
wasm_opt=scripts/wasm-tools/node_modules/.bin/wasm-opt
[ -x "$splitter" ] || { echo "the WASM splitter is missing: run scripts/setup.sh run" >&2; exit 1; }
[ -x "$wasm_opt" ] || { echo "wasm-opt is missing: run scripts/setup.sh run" >&2; exit 1; }

staging="$site/.staging"
rm -rf "$staging"
mkdir -p "$staging"
# Split before wasm-bindgen, which then only sees the main module; it must keep the linker's
# exports (the chunks import them) and the mangled names the loader refers to.
"$splitter" "$wasm" "$staging" "$staging/rost_split.wasm"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$staging" --out-name rost "$staging/rost_split.wasm"
rm "$staging/rost_split.wasm"
if [ "$profile" = release ]; then
  # No feature flags: wasm-opt then keeps to the features each module already uses. One process
  # per core; the splitter's name sections carry a subsection binaryen does not know and warns about.
  find "$staging" -name '*.wasm' -print0 |
    xargs -0 -P "$(nproc)" -I{} "$wasm_opt" -Oz {} -o {} 2>&1 | { grep -v 'unknown name subsection' || true; }
fi
cp style/main.css "$staging/rost.css"

hash="$(cd "$staging" && find . -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-16)"
# The previous build's folder stays: a page opened before this build still fetches its chunks
# from there. Older ones go.
previous="$(sed -n 's|.*"site_pkg_dir": "pkg/\([^"]*\)".*|\1|p' "$site/manifest.json" 2>/dev/null || true)"
mkdir -p "$site/pkg"
for dir in "$site/pkg"/*; do
  case "$(basename "$dir")" in "$previous"|"$hash") ;; *) rm -rf "$dir" ;; esac
done
rm -rf "$site/pkg/$hash"
mv "$staging" "$site/pkg/$hash"
cp style/favicon.svg "$site/favicon.svg"
# Served as is to browsers that accept gzip, so the server never compresses the bundle per request.
# Release: zopfli, gzip's format 4-5 % smaller than gzip -9 (one process per core; about 12 s for
# the main module).
if [ "$profile" = release ]; then
  command -v zopfli >/dev/null || { echo "zopfli is missing: run scripts/setup.sh run" >&2; exit 1; }
  find "$site/pkg/$hash" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) -print0 |
    xargs -0 -P "$(nproc)" -n 8 zopfli
else
  find "$site/pkg/$hash" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) -exec gzip -k -f -1 {} +
fi
printf '{"site_pkg_dir": "pkg/%s", "output_name": "rost", "stylesheet": "/pkg/%s/rost.css", "profile": "%s"}\n' \
  "$hash" "$hash" "$profile" > "$site/manifest.json"
chunks=$(find "$site/pkg/$hash" -name '*.wasm' ! -name rost_bg.wasm | wc -l)
echo "assets: $site/pkg/$hash ($(du -h "$site/pkg/$hash/rost_bg.wasm" | cut -f1) main wasm, $chunks lazy chunks)"
