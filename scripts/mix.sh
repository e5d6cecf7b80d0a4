#!/usr/bin/env bash
# Mixed load: many clients asking cheap lookups while a few run analyst
# walks, against chokepoint serve on the embedded engine, on a graph made by
# chokepoint gen. See README, "Admission control and load".
#
#   scripts/mix.sh [ENTITIES] [SEED]      # default 20000 1 (≈ 98k edges)
#
# Steps: build → gen → chokepoint load into an embedded directory → serve it
# → chokepoint bench --mix → results in $MIX_OUT → everything stopped and
# removed on exit. With MIX_BASE=REF (a git ref, e.g. main) the binary built
# from REF serves a copy of the same directory as well, and the mix
# interleaves the two targets round by round: before and after a change.
#
# Environment (all optional):
#   MIX_OUT          directory for the results (default ./bench-results)
#   MIX_BASE         git ref to compare with
#   MIX_ROUNDS       interleaved rounds (3)
#   MIX_ROUND_TIME   time per target and round (20s)
#   MIX_LOOKUPS      lookup clients (24)
#   MIX_ANALYSTS     analyst clients (8)
#   MIX_THINK        pause of a lookup client after each answer (1s)
#   MIX_SERVE_ARGS   more flags for every serve, e.g. "--timeout 4s"
#   MIX_THIS_ARGS    more flags for this tree's serve only, e.g. "--walk-slots 2"
#   MIX_PORT         port of this tree's serve (18601; the base takes the next)
#   MIX_KEEP=1       keep the work directory (graph, data, logs)
# Every listener is on 127.0.0.1; every wait is bounded.
set -euo pipefail

ENTITIES=${1:-20000}
SEED=${2:-1}
[[ $ENTITIES =~ ^[0-9]+$ && $SEED =~ ^[0-9]+$ ]] || { echo "usage: $0 [ENTITIES] [SEED]" >&2; exit 2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
OUT=${MIX_OUT:-$ROOT/bench-results}
PORT=${MIX_PORT:-18601}
BASE=${MIX_BASE:-}
READY_TIMEOUT=300 # seconds for a chokepoint serve to answer /readyz
read -r -a SERVE_ARGS <<<"${MIX_SERVE_ARGS:-}"
read -r -a THIS_ARGS <<<"${MIX_THIS_ARGS:-}"

LOG_TAG=mix
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-mix.XXXXXX")

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_serves
	remove_work "${MIX_KEEP:-0}"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$OUT" "$WORK/bin"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULT="$OUT/mix-$ENTITIES-$SEED-$STAMP"
HEAD=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$ROOT" status --porcelain 2>/dev/null) ]] || HEAD+="+changes"

log "building chokepoint ($HEAD)"
(cd "$ROOT" && go build -o "$WORK/bin/chokepoint" ./cmd/chokepoint)
CP="$WORK/bin/chokepoint"
if [[ -n $BASE ]]; then
	log "building chokepoint at $BASE"
	mkdir -p "$WORK/base-src"
	git -C "$ROOT" archive "$BASE" | tar -x -C "$WORK/base-src"
	(cd "$WORK/base-src" && go build -o "$WORK/bin/chokepoint-base" ./cmd/chokepoint)
fi

log "generating $ENTITIES entities, seed $SEED"
gen_out=$("$CP" gen --entities "$ENTITIES" --seed "$SEED" --format json --out "$WORK/graph")
log "$gen_out"

log "load: chokepoint load into an embedded directory"
"$CP" load --dsn "file://$WORK/embedded" "$WORK/graph/graph.json" </dev/null >"$WORK/load.log" 2>&1 ||
	{ tail -n 30 "$WORK/load.log" >&2; die "chokepoint load failed"; }
log "$(tail -n 1 "$WORK/load.log")"

port_free "$PORT" || die "port $PORT is already in use; set MIX_PORT"
log "starting chokepoint serve (:$PORT) ${SERVE_ARGS[*]} ${THIS_ARGS[*]}"
"$CP" serve --addr "127.0.0.1:$PORT" --dsn "file://$WORK/embedded" --seed=false "${SERVE_ARGS[@]}" "${THIS_ARGS[@]}" </dev/null >"$WORK/serve.log" 2>&1 &
SERVE_PIDS+=("$!")
TARGETS="this=http://127.0.0.1:$PORT/query"
PIDS="this=$!"
if [[ -n $BASE ]]; then
	cp -r "$WORK/embedded" "$WORK/embedded-base"
	port_free "$((PORT + 1))" || die "port $((PORT + 1)) is already in use; set MIX_PORT"
	log "starting chokepoint serve at $BASE (:$((PORT + 1)))"
	"$WORK/bin/chokepoint-base" serve --addr "127.0.0.1:$((PORT + 1))" --dsn "file://$WORK/embedded-base" --seed=false \
		"${SERVE_ARGS[@]}" </dev/null >"$WORK/serve-base.log" 2>&1 &
	SERVE_PIDS+=("$!")
	TARGETS="$BASE=http://127.0.0.1:$((PORT + 1))/query,$TARGETS"
	PIDS+=",$BASE=$!"
fi
for port in "$PORT" ${BASE:+"$((PORT + 1))"}; do
	wait_ready "$port" "$READY_TIMEOUT" "${SERVE_PIDS[@]}" || { tail -n 20 "$WORK"/serve*.log >&2; die "chokepoint serve did not become ready"; }
done

{
	echo "# chokepoint bench --mix $ENTITIES entities, seed $SEED, $STAMP"
	echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# $(go version)"
	echo "# this: chokepoint $HEAD ${SERVE_ARGS[*]} ${THIS_ARGS[*]}${BASE:+; $BASE: chokepoint $(git -C "$ROOT" rev-parse --short "$BASE") ${SERVE_ARGS[*]}}"
	echo "# $gen_out"
	echo
} >"$RESULT.txt"

log "running chokepoint bench --mix (results: $RESULT.txt)"
"$CP" bench --mix --entities "$ENTITIES" --seed "$SEED" --targets "$TARGETS" --pids "$PIDS" \
	--lookups "${MIX_LOOKUPS:-24}" --analysts "${MIX_ANALYSTS:-8}" --think "${MIX_THINK:-1s}" \
	--rounds "${MIX_ROUNDS:-3}" --round-time "${MIX_ROUND_TIME:-20s}" --json-file "$RESULT.json" \
	</dev/null >>"$RESULT.txt" 2>"$RESULT.log" || { tail -n 20 "$RESULT.log" >&2; cat "$RESULT.txt"; die "chokepoint bench --mix failed"; }
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULT.txt"
cat "$RESULT.txt"
log "done: $RESULT.txt, $RESULT.json, $RESULT.log"
