#!/usr/bin/env bash
# A replicated Dgraph cluster on loopback (one zero with --replicas 3, three
# alphas in one group), the controls to break it, and a failover drill.
#
#   scripts/dgraph-replicated.sh start DIR     # start, wait healthy, print the DSN
#   scripts/dgraph-replicated.sh stop DIR      # stop everything started from DIR
#   scripts/dgraph-replicated.sh kill I DIR    # SIGKILL alpha I (0, 1 or 2)
#   scripts/dgraph-replicated.sh restart I DIR # start alpha I again, wait until it serves
#   scripts/dgraph-replicated.sh pause I DIR   # SIGSTOP alpha I (hung, not dead)
#   scripts/dgraph-replicated.sh resume I DIR  # SIGCONT alpha I
#   scripts/dgraph-replicated.sh leader DIR    # print the index of the group's leader
#   scripts/dgraph-replicated.sh drill DIR     # the failover drill, below
#
# Ports are shifted by DGRAPH_PORT_OFFSET (o, default 100): zero gRPC 5080+o and
# HTTP 6080+o; alpha I uses offset o+10*I: internal 7080+o+10I, HTTP
# 8080+o+10I, gRPC 9080+o+10I. Everything lives under DIR; stdout carries only
# the DSN (start) or the report (drill).
#
# The drill loads the curated graph, runs `chokepoint serve` over the three
# alphas (port 18080+o) under a steady read load (scripts/steadyload) and one
# write a second through the alpha it never stops, then: SIGKILLs a follower
# for DRILL_DOWN seconds (25) and restarts it; the same with the group's
# leader; SIGSTOPs the follower for DRILL_DOWN seconds and continues it;
# kills two alphas (quorum lost) and restarts them. It prints how long
# /readyz took to show each restarted alpha back, and success and latency per
# phase; it stops everything it started, whatever happens.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
readonly SCRIPT_DIR REPO_ROOT
LOG_TAG=dgraph-replicated
# shellcheck source=scripts/dgraph-lib.sh
source "$SCRIPT_DIR/dgraph-lib.sh"

readonly ALPHAS=3
readonly TELEMETRY='reports=false; sentry=false;'

usage() {
	echo "usage: $0 {start|stop|leader|drill} DIR | {kill|restart|pause|resume} I DIR   (env: DGRAPH_PORT_OFFSET)" >&2
	exit 2
}

offset() { port_offset; }
alpha_offset() { echo $(($(offset) + 10 * $1)); }
alpha_grpc() { echo $((9080 + $(alpha_offset "$1"))); }
alpha_http() { echo $((8080 + $(alpha_offset "$1"))); }

dsn() {
	local i hosts=()
	for ((i = 0; i < ALPHAS; i++)); do hosts+=("127.0.0.1:$(alpha_grpc "$i")"); done
	local IFS=,
	echo "dgraph://${hosts[*]}"
}

check_index() { [[ $1 =~ ^[0-2]$ ]] || die "alpha index must be 0, 1 or 2, got '$1'"; }

show_logs() {
	local f
	for f in "$DIR"/zero.log "$DIR"/alpha*.log; do
		[[ -f $f ]] || continue
		log "----- last 30 lines of $f -----"
		tail -n 30 "$f" >&2 || true
	done
}

start_zero() {
	local o zero_grpc
	o=$(offset)
	zero_grpc=$((5080 + o))
	log "starting zero (gRPC 127.0.0.1:$zero_grpc, --replicas 3)"
	(
		cd "$DIR"
		exec "$DIR/bin/dgraph" zero --port_offset="$o" --my="127.0.0.1:$zero_grpc" --replicas 3 \
			--wal="$DIR/zw" --bindall=false --telemetry "$TELEMETRY" --logtostderr
	) </dev/null >>"$DIR/zero.log" 2>&1 &
	echo $! >"$DIR/zero.pid"
	disown
	local t0=$SECONDS
	until port_open "$zero_grpc"; do
		proc_alive "$DIR/zero.pid" || die "zero exited during startup"
		((SECONDS - t0 < START_TIMEOUT)) || die "zero not listening after ${START_TIMEOUT}s"
		sleep 0.2
	done
}

start_alpha() {
	local i=$1 ao
	ao=$(alpha_offset "$i")
	mkdir -p "$DIR/a$i"
	log "starting alpha $i (gRPC 127.0.0.1:$((9080 + ao)), HTTP 127.0.0.1:$((8080 + ao)))"
	(
		cd "$DIR/a$i"
		exec "$DIR/bin/dgraph" alpha --port_offset="$ao" --my="127.0.0.1:$((7080 + ao))" \
			--zero="127.0.0.1:$((5080 + $(offset)))" \
			--postings="$DIR/a$i/p" --wal="$DIR/a$i/w" --tmp="$DIR/a$i/t" \
			--bindall=false --security "whitelist=127.0.0.1/32;" --telemetry "$TELEMETRY" --logtostderr
	) </dev/null >>"$DIR/alpha$i.log" 2>&1 &
	echo $! >"$DIR/alpha$i.pid"
	disown
}

# wait_alpha I: until alpha I serves a real read.
wait_alpha() {
	local i=$1 t0=$SECONDS port
	port=$(alpha_http "$i")
	until port_open "$port" && dql_ready "$port"; do
		proc_alive "$DIR/alpha$i.pid" || die "alpha $i exited during startup"
		((SECONDS - t0 < START_TIMEOUT)) || die "alpha $i not serving after ${START_TIMEOUT}s"
		sleep 0.25
	done
}

cmd_start() {
	local i p o
	o=$(offset)
	for p in zero alpha0 alpha1 alpha2; do
		! pid_alive "$DIR/$p.pid" || die "$p already running from $DIR (pid $(<"$DIR/$p.pid"))"
	done
	for p in $((5080 + o)) $((6080 + o)); do
		! port_open "$p" || die "port $p is already in use; pick another DGRAPH_PORT_OFFSET"
	done
	for ((i = 0; i < ALPHAS; i++)); do
		for p in 7080 8080 9080; do
			! port_open $((p + $(alpha_offset "$i"))) ||
				die "port $((p + $(alpha_offset "$i"))) is already in use; pick another DGRAPH_PORT_OFFSET"
		done
	done
	build_dgraph
	trap 'rc=$?; if ((rc != 0)); then show_logs; cmd_stop; fi' EXIT
	local t0=$SECONDS
	start_zero
	for ((i = 0; i < ALPHAS; i++)); do start_alpha "$i"; done
	for ((i = 0; i < ALPHAS; i++)); do wait_alpha "$i"; done
	trap - EXIT
	log "cluster healthy in $((SECONDS - t0))s (logs in $DIR)"
	dsn
}

cmd_stop() {
	local i
	for ((i = 0; i < ALPHAS; i++)); do stop_one "alpha$i"; done
	stop_one zero
	log "stopped"
}

signal_alpha() {
	local sig=$1 i=$2
	check_index "$i"
	pid_alive "$DIR/alpha$i.pid" || die "alpha $i is not running"
	kill "-$sig" "$(<"$DIR/alpha$i.pid")"
	log "sent SIG$sig to alpha $i"
}

cmd_kill() {
	local pid
	signal_alpha KILL "$1"
	pid=$(<"$DIR/alpha$1.pid")
	while pid_running "$pid"; do sleep 0.05; done
	rm -f "$DIR/alpha$1.pid"
}

cmd_restart() {
	check_index "$1"
	! pid_alive "$DIR/alpha$1.pid" || die "alpha $1 is running"
	start_alpha "$1"
	wait_alpha "$1"
	log "alpha $1 serves again"
}

# cmd_leader: zero's /state names the group's leader by its internal address.
cmd_leader() {
	local state addr i
	state=$(http $((6080 + $(offset))) GET /state) || die "zero's /state does not answer"
	addr=$(grep -o '"addr":"[^"]*","leader":true' <<<"$state" | head -n 1 | cut -d'"' -f4)
	for ((i = 0; i < ALPHAS; i++)); do
		if [[ $addr == "127.0.0.1:$((7080 + $(alpha_offset "$i")))" ]]; then
			echo "$i"
			return
		fi
	done
	die "no leader found in zero's /state"
}

# ---- the drill ----

mark() { printf '%s %s\n' "$(date +%s%3N)" "$1" >>"$DIR/phases.tsv"; log "phase: $1"; }

# ready_alpha I: /readyz of the drill's server shows alpha I healthy.
ready_alpha() {
	local body
	port_open "$SERVE_PORT" && body=$(http "$SERVE_PORT" GET /readyz) || return 1
	[[ $body == *"\"addr\":\"127.0.0.1:$(alpha_grpc "$1")\",\"state\":\"healthy\""* ]]
}

# wait_ready_alpha I: seconds until /readyz shows alpha I back (at most 120).
wait_ready_alpha() {
	local t0 i
	t0=$(date +%s%3N)
	for ((i = 0; i < 1200; i++)); do
		if ready_alpha "$1"; then
			echo $((($(date +%s%3N) - t0) / 1000)).$(((($(date +%s%3N) - t0) % 1000) / 100))
			return
		fi
		sleep 0.1
	done
	echo "not within 120"
}

drill_cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[[ -n ${LOAD_PID:-} ]] && kill -TERM "$LOAD_PID" 2>/dev/null || true
	[[ -n ${WRITER_PID:-} ]] && kill -TERM "$WRITER_PID" 2>/dev/null || true
	if [[ -n ${SERVE_PID:-} ]]; then
		kill -TERM "$SERVE_PID" 2>/dev/null || true
		wait "$SERVE_PID" 2>/dev/null || true
	fi
	((rc == 0)) || show_logs
	cmd_stop
	exit "$rc"
}

# writer PORT: one small write a second through the alpha at HTTP PORT, so
# that the drill covers reads that follow writes (those wait for the write's
# timestamp, which a group without a leader cannot apply).
writer() {
	while :; do
		http "$1" POST '/mutate?commitNow=true' application/rdf '{ set { _:w <drill.write> "1" . } }' >/dev/null || true
		sleep 1
	done
}

# outage NAME I...: SIGKILL alphas I... for DRILL_DOWN seconds, restart
# them and note how long /readyz takes to show each back.
outage() {
	local name=$1 i back
	shift
	mark "$name"
	for i in "$@"; do cmd_kill "$i"; done
	sleep "$DOWN"
	mark "$name-restarting"
	for i in "$@"; do start_alpha "$i"; done
	for i in "$@"; do
		back=$(wait_ready_alpha "$i")
		echo "$name: alpha $i back in /readyz ${back}s after its restart" >>"$DIR/recovery.txt"
	done
	mark "$name-back"
	sleep 15
}

cmd_drill() {
	local leader follower spare i o dsn
	DOWN=${DRILL_DOWN:-25}
	o=$(offset)
	SERVE_PORT=$((18080 + o))
	rm -f "$DIR/phases.tsv" "$DIR/requests.tsv" "$DIR/recovery.txt"
	dsn=$(cmd_start)
	trap drill_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	log "building chokepoint and steadyload"
	(cd "$REPO_ROOT" && go build -o "$DIR/bin/chokepoint" ./cmd/chokepoint &&
		go build -o "$DIR/bin/steadyload" ./scripts/steadyload) || die "build failed"
	log "loading the curated graph"
	"$DIR/bin/chokepoint" load --dsn "$dsn" >&2
	"$DIR/bin/chokepoint" serve --dsn "$dsn" --addr "127.0.0.1:$SERVE_PORT" --seed=false \
		</dev/null >>"$DIR/serve.log" 2>&1 &
	SERVE_PID=$!
	for ((i = 0; i < 600; i++)); do
		port_open "$SERVE_PORT" && http "$SERVE_PORT" GET /readyz >/dev/null && break
		sleep 0.1
	done
	http "$SERVE_PORT" GET /readyz >/dev/null || die "chokepoint serve not ready"

	leader=$(cmd_leader)
	follower=$(((leader + 1) % ALPHAS))
	spare=$(((leader + 2) % ALPHAS)) # never stopped until quorum goes
	writer "$(alpha_http "$spare")" &
	WRITER_PID=$!
	"$DIR/bin/steadyload" run -url "http://127.0.0.1:$SERVE_PORT/query" -out "$DIR/requests.tsv" \
		2>>"$DIR/steadyload.log" &
	LOAD_PID=$!
	mark all-up
	sleep 15

	outage "follower$follower-killed" "$follower"
	outage "leader$leader-killed" "$leader"

	mark "alpha$follower-hung"
	signal_alpha STOP "$follower"
	sleep "$DOWN"
	mark "alpha$follower-continued"
	signal_alpha CONT "$follower"
	sleep 15

	outage quorum-lost "$leader" "$follower"
	mark end

	kill -TERM "$LOAD_PID" "$WRITER_PID"
	wait "$LOAD_PID" || true
	LOAD_PID= WRITER_PID=
	cat "$DIR/recovery.txt"
	"$DIR/bin/steadyload" report -requests "$DIR/requests.tsv" -phases "$DIR/phases.tsv"
}

open_dir() {
	mkdir -p "$1"
	DIR=$(cd "$1" && pwd -P)
	readonly DIR
}

case ${1:-} in
start | stop | leader | drill)
	(($# == 2)) && [[ -n $2 ]] || usage
	open_dir "$2"
	"cmd_$1"
	;;
kill | restart | resume | pause)
	(($# == 3)) && [[ -n $3 ]] || usage
	open_dir "$3"
	case $1 in
	pause) signal_alpha STOP "$2" ;;
	resume) signal_alpha CONT "$2" ;;
	*) "cmd_$1" "$2" ;;
	esac
	;;
*) usage ;;
esac
