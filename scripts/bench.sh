#!/usr/bin/env bash
# End-to-end benchmark: Chokepoint side by side with raw DQL and Dgraph
# GraphQL, and `chokepoint load` side by side with `dgraph live`, on a graph
# made by `chokepoint gen`. Needs only Go; see BENCHMARKS.md.
#
#   scripts/bench.sh [ENTITIES] [SEED]      # default 20000 1
#
# Steps: build → gen → two fresh alphas on shifted ports → timed loads
# (chokepoint load into alpha A, dgraph live into alpha B, chokepoint load
# into a fresh embedded directory) → check both alphas hold the same graph →
# chokepoint serve over alpha A and over the embedded directory → mirrored
# Dgraph GraphQL schema on alpha A → chokepoint bench on all four targets →
# results in $BENCH_OUT (default ./bench-results) → everything stopped and
# removed on exit, whatever happens.
#
# Environment (all optional):
#   BENCH_OUT            directory for the results (default ./bench-results)
#   BENCH_CONCURRENCY    requests in flight (8)
#   BENCH_ROUNDS         interleaved rounds (3)
#   BENCH_ROUND_TIME     seconds per operation, target and round (5s)
#   BENCH_TIMEOUT        limit of one request, in the bench and in serve (120s)
#   BENCH_OPS            operations to run (all)
#   BENCH_OFFSET_A/B     Dgraph port offsets of the two alphas (200, 300)
#   BENCH_PORT_CLUSTER   chokepoint serve over alpha A (18281)
#   BENCH_PORT_EMBEDDED  chokepoint serve embedded (18282)
#   BENCH_KEEP=1         keep the work directory (graph, data, logs)
#   BENCH_CHOKEPOINT_LOAD=0  load only with dgraph live (one alpha, which
#                        chokepoint serve then reads) and leave out the
#                        embedded target: for sizes where chokepoint load is
#                        too slow to wait for
# Every listener is on 127.0.0.1; every wait is bounded.
set -euo pipefail

ENTITIES=${1:-20000}
SEED=${2:-1}
[[ $ENTITIES =~ ^[0-9]+$ && $SEED =~ ^[0-9]+$ ]] || { echo "usage: $0 [ENTITIES] [SEED]" >&2; exit 2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench-results}
OFF_A=${BENCH_OFFSET_A:-200}
OFF_B=${BENCH_OFFSET_B:-300}
PORT_CLUSTER=${BENCH_PORT_CLUSTER:-18281}
PORT_EMBEDDED=${BENCH_PORT_EMBEDDED:-18282}
TIMEOUT=${BENCH_TIMEOUT:-120s}
READY_TIMEOUT=300 # seconds for a chokepoint serve to answer /readyz
CONCURRENCY=${BENCH_CONCURRENCY:-8}
# The cases run one at a time, each at full concurrency: the admission gate
# gets a slot per request in flight, so that walks are measured, not refused.
# How walks and lookups share the service is scripts/mix.sh's measurement.
SERVE_FLAGS=(--seed=false --timeout "$TIMEOUT" --walk-slots "$CONCURRENCY")
CP_LOAD=${BENCH_CHOKEPOINT_LOAD:-1}
[[ $CP_LOAD == 0 || $CP_LOAD == 1 ]] || { echo "BENCH_CHOKEPOINT_LOAD must be 0 or 1" >&2; exit 2; }

LOG_TAG=bench
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-bench.XXXXXX")

cleanup() {
	local rc=$? d
	trap - EXIT INT TERM
	stop_serves
	for d in "$WORK/alpha-a" "$WORK/alpha-b"; do
		[[ -d $d ]] && bash "$ROOT/scripts/dgraph-cluster.sh" stop "$d" >/dev/null 2>&1 || true
	done
	remove_work "${BENCH_KEEP:-0}"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# now: seconds since the epoch, with fractions.
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# write_secs LOG: the seconds chokepoint load reports for its write phase,
# the Go duration closing its last line ("… (2m3.956s)").
write_secs() {
	tail -n 1 "$1" | sed -n 's/.*(\([0-9hms.µ]*\))$/\1/p' | awk '{
		d = $0; t = 0
		if (match(d, /[0-9.]+h/)) { t += substr(d, RSTART, RLENGTH - 1) * 3600 }
		if (match(d, /[0-9.]+m[^s]/) || match(d, /[0-9.]+m$/)) { t += substr(d, RSTART, RLENGTH - 1) * 60 }
		if (match(d, /[0-9.]+ms/)) { t += substr(d, RSTART, RLENGTH - 2) / 1000 }
		else if (match(d, /[0-9.]+s/)) { t += substr(d, RSTART, RLENGTH - 1) }
		printf "%.2f", t
	}'
}

mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULT="$OUT/bench-$ENTITIES-$SEED-$STAMP"

log "building chokepoint"
(cd "$ROOT" && go build -o "$WORK/bin/chokepoint" ./cmd/chokepoint)
CP="$WORK/bin/chokepoint"

log "generating $ENTITIES entities, seed $SEED"
gen_out=$("$CP" gen --entities "$ENTITIES" --seed "$SEED" --out "$WORK/graph")
log "$gen_out"

if ((CP_LOAD)); then
	log "starting alpha A (port offset $OFF_A) and alpha B (offset $OFF_B)"
	DSN_A=$(DGRAPH_PORT_OFFSET=$OFF_A bash "$ROOT/scripts/dgraph-cluster.sh" start "$WORK/alpha-a" </dev/null | tail -n 1)
	DSN_B=$(DGRAPH_PORT_OFFSET=$OFF_B bash "$ROOT/scripts/dgraph-cluster.sh" start "$WORK/alpha-b" </dev/null | tail -n 1)
	[[ $DSN_A == dgraph://* && $DSN_B == dgraph://* ]] || die "a cluster did not start"
	LIVE_OFF=$OFF_B LIVE_DIR="$WORK/alpha-b"
else
	log "starting alpha A (port offset $OFF_A); BENCH_CHOKEPOINT_LOAD=0: dgraph live loads it, no embedded target"
	DSN_A=$(DGRAPH_PORT_OFFSET=$OFF_A bash "$ROOT/scripts/dgraph-cluster.sh" start "$WORK/alpha-a" </dev/null | tail -n 1)
	[[ $DSN_A == dgraph://* ]] || die "the cluster did not start"
	LIVE_OFF=$OFF_A LIVE_DIR="$WORK/alpha-a"
fi

log "load: dgraph live into $(basename "$LIVE_DIR")"
mkdir -p "$WORK/live"
t0=$(now)
(cd "$WORK/live" && "$LIVE_DIR/bin/dgraph" live -f "$WORK/graph/graph.rdf" -s "$WORK/graph/schema.dql" \
	-a "127.0.0.1:$((9080 + LIVE_OFF))" -z "127.0.0.1:$((5080 + LIVE_OFF))" </dev/null >"$WORK/live.log" 2>&1) ||
	{ tail -n 30 "$WORK/live.log" >&2; die "dgraph live failed"; }
T_LIVE=$(since "$t0")
log "dgraph live: ${T_LIVE}s"
LOADS="dgraph-live=$T_LIVE"

# timed_load WHERE DSN TAG: chokepoint load of the graph into DSN, logged to
# load-TAG.log; prints the seconds it took.
timed_load() {
	local t0
	log "load: chokepoint load into $1"
	t0=$(now)
	"$CP" load --dsn "$2" "$WORK/graph/graph.json" </dev/null >"$WORK/load-$3.log" 2>&1 ||
		{ tail -n 30 "$WORK/load-$3.log" >&2; die "chokepoint load into $1 failed"; }
	since "$t0"
}

if ((CP_LOAD)); then
	T_LOAD_A=$(timed_load "alpha A" "$DSN_A" a)
	log "chokepoint load (cluster): ${T_LOAD_A}s: $(tail -n 1 "$WORK/load-a.log")"
	T_LOAD_E=$(timed_load "a fresh embedded directory" "file://$WORK/embedded" e)
	log "chokepoint load (embedded): ${T_LOAD_E}s: $(tail -n 1 "$WORK/load-e.log")"
	LOADS+=",chokepoint-load-cluster=$T_LOAD_A,chokepoint-load-embedded=$T_LOAD_E"
	LOADS+=",chokepoint-load-cluster-write=$(write_secs "$WORK/load-a.log"),chokepoint-load-embedded-write=$(write_secs "$WORK/load-e.log")"

	log "checking that both alphas hold the same graph"
	"$CP" stats --json --dsn "$DSN_A" </dev/null >"$WORK/stats-a.json"
	"$CP" stats --json --dsn "$DSN_B" </dev/null >"$WORK/stats-b.json"
	cmp -s "$WORK/stats-a.json" "$WORK/stats-b.json" ||
		{ diff "$WORK/stats-a.json" "$WORK/stats-b.json" >&2 || true; die "alpha A and alpha B hold different graphs"; }
	bash "$ROOT/scripts/dgraph-cluster.sh" stop "$WORK/alpha-b" >/dev/null 2>&1
fi

PORTS=("$PORT_CLUSTER")
((CP_LOAD)) && PORTS+=("$PORT_EMBEDDED")
for port in "${PORTS[@]}"; do
	port_free "$port" || die "port $port is already in use; set BENCH_PORT_CLUSTER / BENCH_PORT_EMBEDDED"
done
log "starting chokepoint serve over alpha A (:$PORT_CLUSTER)"
"$CP" serve --addr "127.0.0.1:$PORT_CLUSTER" --dsn "$DSN_A" "${SERVE_FLAGS[@]}" </dev/null >"$WORK/serve-cluster.log" 2>&1 &
SERVE_PIDS+=("$!")
PIDS="alpha=$(<"$WORK/alpha-a/alpha.pid"),chokepoint-cluster=$!"
TARGETS=(--cluster "http://127.0.0.1:$PORT_CLUSTER/query")
if ((CP_LOAD)); then
	log "starting chokepoint serve embedded (:$PORT_EMBEDDED)"
	"$CP" serve --addr "127.0.0.1:$PORT_EMBEDDED" --dsn "file://$WORK/embedded" "${SERVE_FLAGS[@]}" </dev/null >"$WORK/serve-embedded.log" 2>&1 &
	SERVE_PIDS+=("$!")
	PIDS+=",chokepoint-embedded=$!"
	TARGETS+=(--embedded "http://127.0.0.1:$PORT_EMBEDDED/query")
fi
for port in "${PORTS[@]}"; do
	wait_ready "$port" "$READY_TIMEOUT" "${SERVE_PIDS[@]}" || { tail -n 20 "$WORK"/serve-*.log >&2; die "chokepoint serve did not become ready"; }
done

ALPHA_HTTP="http://127.0.0.1:$((8080 + OFF_A))"
{
	echo "# chokepoint bench $ENTITIES entities, seed $SEED, $STAMP"
	echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc)"
	echo "# memory: $(free -m | awk '/^Mem:/ { print $2 " MB total, " $7 " MB available" }')"
	echo "# $(go version)"
	echo "# dgraph: $("$WORK/alpha-a/bin/dgraph" version 2>/dev/null | grep -m1 'Dgraph version' | sed 's/  */ /g'), module $(cd "$ROOT" && go list -m -f '{{.Path}} {{.Version}}' github.com/hypermodeinc/dgraph/v25)"
	echo "# chokepoint $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "# $gen_out"
	echo
} >"$RESULT.txt"

log "running chokepoint bench (results: $RESULT.txt)"
"$CP" bench --entities "$ENTITIES" --seed "$SEED" \
	--dql "$ALPHA_HTTP/query" --dgraph-graphql "$ALPHA_HTTP/graphql" \
	"${TARGETS[@]}" --pids "$PIDS" --mirror-schema --loads "$LOADS" \
	--concurrency "$CONCURRENCY" --rounds "${BENCH_ROUNDS:-3}" --round-time "${BENCH_ROUND_TIME:-5s}" \
	--timeout "$TIMEOUT" --ops "${BENCH_OPS:-}" --json-file "$RESULT.json" \
	</dev/null >>"$RESULT.txt" 2>"$RESULT.log" || { tail -n 20 "$RESULT.log" >&2; cat "$RESULT.txt"; die "chokepoint bench failed"; }
cat "$RESULT.txt"
log "done: $RESULT.txt, $RESULT.json, $RESULT.log"
