#!/usr/bin/env bash
# Installs what Rost needs on a fresh Debian machine, idempotently: every step checks first.
# Usage: scripts/setup.sh run|test
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}" # run | test | build (image build: toolchain only)
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL: the embedded default needs initdb and postgres on PATH.
if [ "$mode" != build ] && ! command -v initdb >/dev/null; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$pgbin" ]; then
    log "installing PostgreSQL"
    apt_install postgresql
    pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  log "PostgreSQL binaries are in $pgbin (add it to PATH); scripts/env.sh does this for the project scripts"
fi

# The browser bundle: the wasm32 target and wasm-bindgen at exactly the version in Cargo.lock.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
wasm_bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ]; then
  log "installing wasm-bindgen-cli $wasm_bindgen_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

# wasm-opt from npm's binaryen, pinned in scripts/wasm-tools: Debian's binaryen (108) is older than
# what wasm-bindgen emits and produces a bundle that does not instantiate.
if [ ! -x scripts/wasm-tools/node_modules/.bin/wasm-opt ] ||
   [ scripts/wasm-tools/package-lock.json -nt scripts/wasm-tools/node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    log "installing Node.js and npm (for binaryen's wasm-opt)"
    apt_install nodejs npm
  fi
  log "installing binaryen (wasm-opt) from npm"
  (cd scripts/wasm-tools && npm ci --no-audit --no-fund --loglevel=error)
fi

# zopfli writes the release bundle's .gz files: the same gzip format, 4-5 % smaller than gzip -9.
if ! command -v zopfli >/dev/null; then
  log "installing zopfli (gzip compression of the release bundle)"
  apt_install zopfli
fi

# The WASM splitter (scripts/wasm-tools/split), a host tool pinned by its own Cargo.lock, built once
# into target/tools: scripts/build-assets.sh splits the lazy routes out of the main module with it.
splitter=target/tools/release/rost-wasm-split
split_src=scripts/wasm-tools/split
# Its library is vendored with a patch next to it (scripts/wasm-tools/wasm_split_cli_support).
split_lib=scripts/wasm-tools/wasm_split_cli_support
if [ ! -x "$splitter" ] || [ -n "$(find "$split_src/Cargo.toml" "$split_src/Cargo.lock" "$split_src/src" "$split_lib" -newer "$splitter")" ]; then
  log "building the WASM splitter (several minutes, once)"
  cargo build --release --locked --manifest-path "$split_src/Cargo.toml" --target-dir target/tools
fi

if [ "$mode" = test ]; then
  if ! command -v chromium >/dev/null; then
    log "installing Chromium for the browser tests"
    apt_install chromium
  fi
  if ! command -v pdftotext >/dev/null; then
    log "installing poppler-utils (pdftotext reads the certificates' PDFs in the tests)"
    apt_install poppler-utils
  fi
  if ! python3 -c "import aiosmtpd" 2>/dev/null; then
    log "installing aiosmtpd, the SMTP server of the e-mail tests"
    python3 -m pip install --quiet --disable-pip-version-check aiosmtpd
  fi
  if [ ! -d tests/browser/node_modules/playwright-core ] ||
     [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
    log "installing the browser-test packages"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
log "ready ($mode)"
