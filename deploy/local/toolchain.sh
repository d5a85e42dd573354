# shellcheck shell=bash
# Sourced by ./fp: puts the pinned Node and pnpm on PATH and installs the workspace.
# Downloads are cached under $FINPERSONA_CACHE (default ~/.cache/finpersona) so that every
# clone on this machine, CI's fresh clone included, reuses them.
set -euo pipefail

FINPERSONA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export FINPERSONA_ROOT
export FINPERSONA_CACHE="${FINPERSONA_CACHE:-$HOME/.cache/finpersona}"
mkdir -p "$FINPERSONA_CACHE/tools"

fp_log() { printf '\033[1;34m[finpersona]\033[0m %s\n' "$*" >&2; }
fp_die() { printf '\033[1;31m[finpersona] %s\033[0m\n' "$*" >&2; exit 1; }

node_version="$(tr -d '[:space:]' < "$FINPERSONA_ROOT/.nvmrc")"
pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$FINPERSONA_ROOT/package.json")"

ensure_node() {
  if command -v node >/dev/null 2>&1 && [ "$(node --version)" = "v$node_version" ]; then return; fi
  local dir="$FINPERSONA_CACHE/tools/node-$node_version"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || fp_die "npm is needed once to fetch Node $node_version from the npm registry; install Node.js (any version) with npm first."
    local arch
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) fp_die "No Node build for $(uname -m); install Node $node_version yourself and put it on PATH." ;;
    esac
    fp_log "Fetching Node $node_version (npm package node-linux-$arch) into $dir"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$node_version" >/dev/null) || fp_die "npm pack node-linux-$arch@$node_version failed"
    mkdir -p "$dir.partial" && tar -xzf "$tmp"/*.tgz -C "$dir.partial" --strip-components=1
    rm -rf "$tmp" "$dir" && mv "$dir.partial" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
}

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$pnpm_version" ]; then return; fi
  local dir="$FINPERSONA_CACHE/tools/pnpm-$pnpm_version"
  if [ ! -x "$dir/bin/pnpm" ]; then
    fp_log "Fetching pnpm $pnpm_version into $dir"
    npm install --silent --global --prefix "$dir" "pnpm@$pnpm_version" >/dev/null || fp_die "npm install pnpm@$pnpm_version failed"
  fi
  export PATH="$dir/bin:$PATH"
}

ensure_workspace() {
  # Fast when nothing changed; frozen on CI so a stale lockfile fails loudly.
  local flags=(--prefer-offline)
  if [ "${CI:-}" = "true" ]; then flags+=(--frozen-lockfile); fi
  (cd "$FINPERSONA_ROOT" && pnpm install "${flags[@]}" --reporter=append-only) >&2 || fp_die "pnpm install failed"
}

ensure_node
ensure_pnpm
export npm_config_store_dir="${npm_config_store_dir:-$FINPERSONA_CACHE/pnpm-store}"
