#!/usr/bin/env bash
# The client example's tests (clients/apollo, Apollo Client under Node's
# test runner) against a real `chokepoint serve`: built from this tree, on a
# free local port, with an embedded graph in a temporary directory seeded
# with the curated dataset. The server allows the origin http://app.example
# (--cors-origins) and runs one analyst query at a time with no queue
# (--walk-slots 1 --walk-queue 0), so that the tests can meet RETRY_LATER.
# It is stopped on exit, whatever happens.
#
# Needs Go and Node.js 20 or later with npm (the pinned packages come from
# the npm registry with `npm ci`).
#
# Usage: scripts/clients-test.sh        CLIENTS_KEEP=1 keeps the work directory
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd -P)
LOG_TAG=clients
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

ORIGIN=http://app.example

command -v node >/dev/null 2>&1 || die "node (20 or later) is required"
command -v npm >/dev/null 2>&1 || die "npm is required"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "node 20 or later is required, found $(node --version)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-clients.XXXXXX")
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_serves
	if ((rc != 0)) && [[ -f $WORK/serve.log ]]; then
		log "last 30 lines of the server's log:"
		tail -n 30 "$WORK/serve.log" >&2 || true
	fi
	remove_work "${CLIENTS_KEEP:-0}"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "building chokepoint"
(cd "$ROOT" && go build -o "$WORK/chokepoint" ./cmd/chokepoint)

# Port 0: the server takes a free port and logs its address.
"$WORK/chokepoint" serve --dsn "file://$WORK/data" --addr 127.0.0.1:0 \
	--cors-origins "$ORIGIN" --walk-slots 1 --walk-queue 0 >"$WORK/serve.log" 2>&1 &
SERVE_PIDS+=($!)
port=
for ((i = 0; i < 600; i++)); do
	port=$(sed -n 's|.*graphql=http://127\.0\.0\.1:\([0-9]*\)/query.*|\1|p' "$WORK/serve.log" | head -n 1)
	[[ -n $port ]] && break
	kill -0 "${SERVE_PIDS[0]}" 2>/dev/null || die "chokepoint serve exited"
	sleep 0.1
done
[[ -n $port ]] || die "chokepoint serve logged no address in 60s"
wait_ready "$port" 60 "${SERVE_PIDS[0]}" || die "chokepoint serve did not become ready"
log "chokepoint serve ready on 127.0.0.1:$port"

cd "$ROOT/clients/apollo"
log "node $(node --version), npm $(npm --version): npm ci"
npm ci --no-audit --no-fund --loglevel=error
CHOKEPOINT_URL="http://127.0.0.1:$port/query" CHOKEPOINT_CORS_ORIGIN=$ORIGIN npm test
