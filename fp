#!/usr/bin/env bash
# FinPersona's entry point. `./fp up` runs the whole stack with a demo bank; `./fp test` runs every test.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=deploy/local/toolchain.sh
source deploy/local/toolchain.sh

usage() {
  cat <<USAGE
Usage: ./fp <command>
  up          bring up PostgreSQL, Keycloak, Temporal, the API, the worker, the admin portal and the
              customer app with a seeded demo bank; Ctrl-C stops everything
  test        run every test (unit, integration against real services, browser)
  tools       fetch and cache the external tools (Keycloak, Temporal CLI and test server, Chromium)
  services    start the test services and keep them up (their variables go to .local/test/services.env),
              to run single test files against them; Ctrl-C stops them
  pnpm ...    run the pinned pnpm
USAGE
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  up) ensure_workspace; exec node deploy/local/src/up.ts "$@" ;;
  test) ensure_workspace; exec node deploy/local/src/test.ts "$@" ;;
  tools) ensure_workspace; exec node deploy/local/src/tools-cli.ts "$@" ;;
  services) ensure_workspace; exec node deploy/local/src/services-cli.ts "$@" ;;
  pnpm) exec pnpm "$@" ;;
  -h | --help | help | "") usage ;;
  *) usage; exit 2 ;;
esac
