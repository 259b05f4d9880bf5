# Sourced by the project scripts: puts PostgreSQL's binaries on PATH where Debian hides them.
if ! command -v initdb >/dev/null 2>&1; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$pgbin" ] && export PATH="$pgbin:$PATH"
fi
