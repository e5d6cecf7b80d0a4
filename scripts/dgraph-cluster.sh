#!/usr/bin/env bash
# Start/stop a throwaway single-node Dgraph cluster (one zero + one alpha)
# for integration tests.
#
#   scripts/dgraph-cluster.sh start DIR   # build dgraph, start, wait healthy,
#                                         # print the DSN as the last stdout line
#   scripts/dgraph-cluster.sh stop DIR    # stop it (TERM, then KILL after 10 s)
#
# Everything (binary, data, logs, pid files) lives under DIR. All listeners
# bind to localhost only. Ports are shifted by DGRAPH_PORT_OFFSET (default 0):
#   zero gRPC 5080+o, zero HTTP 6080+o,
#   alpha internal 7080+o, alpha HTTP 8080+o, alpha gRPC 9080+o.
# Progress goes to stderr; stdout carries only the DSN, so
#   dsn=$(scripts/dgraph-cluster.sh start "$dir")
# works. Only bash, coreutils and go are required (no curl).
set -euo pipefail

readonly DGRAPH_PKG=github.com/hypermodeinc/dgraph/v25/dgraph
readonly START_TIMEOUT=120 # seconds, from process start to healthy
readonly STOP_GRACE=10     # seconds between TERM and KILL

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
readonly SCRIPT_DIR REPO_ROOT

log() { printf '[dgraph-cluster] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
	echo "usage: $0 {start|stop} DIR   (env: DGRAPH_PORT_OFFSET, default 0)" >&2
	exit 2
}

# port_open PORT: succeeds if something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# http PORT METHOD PATH [CONTENT_TYPE BODY]: minimal HTTP/1.0 client on top of
# bash's /dev/tcp. Prints the response body; fails unless the status is 200.
http() {
	local port=$1 method=$2 path=$3 ctype=${4:-} body=${5:-} resp status
	resp=$(
		exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
		{
			printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n' \
				"$method" "$path" "$port"
			if [[ -n $ctype ]]; then
				printf 'Content-Type: %s\r\n' "$ctype"
			fi
			printf 'Content-Length: %d\r\n\r\n%s' "${#body}" "$body"
		} >&3
		timeout 10 cat <&3
	) 2>/dev/null || return 1
	resp=${resp//$'\r'/}
	status=${resp%%$'\n'*}
	printf '%s\n' "${resp#*$'\n\n'}"
	[[ $status =~ ^HTTP/[0-9.]+\ 200 ]]
}

# proc_alive PIDFILE: succeeds if the pid in PIDFILE is alive (and not a
# zombie: a child of ours that died during startup stays one until reaped).
proc_alive() {
	local pid
	[[ -f $1 ]] || return 1
	pid=$(<"$1")
	[[ $pid =~ ^[0-9]+$ ]] && pid_running "$pid"
}

# pid_running PID: the process exists and is not a zombie.
pid_running() {
	local stat
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	stat=${stat##*) }
	[[ ${stat%% *} != Z ]]
}

# pid_alive PIDFILE: like proc_alive, but also requires the process to be
# this DIR's dgraph binary (guards against pid reuse before we signal it).
pid_alive() {
	proc_alive "$1" || return 1
	tr '\0' ' ' <"/proc/$(<"$1")/cmdline" 2>/dev/null | grep -qF -- "$DIR/bin/dgraph"
}

show_logs() {
	local f
	for f in "$DIR/zero.log" "$DIR/alpha.log"; do
		[[ -f $f ]] || continue
		log "----- last 40 lines of $f -----"
		tail -n 40 "$f" >&2 || true
	done
}

# stop_one NAME: TERM the process in DIR/NAME.pid, KILL it after STOP_GRACE s.
stop_one() {
	local name=$1 pf="$DIR/$1.pid" pid i
	if pid_alive "$pf"; then
		pid=$(<"$pf")
		log "stopping $name (pid $pid)"
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < STOP_GRACE * 10; i++)); do
			pid_running "$pid" || break
			sleep 0.1
		done
		if pid_running "$pid"; then
			log "$name still running after ${STOP_GRACE}s, sending KILL"
			kill -KILL "$pid" 2>/dev/null || true
			for ((i = 0; i < 50; i++)); do
				pid_running "$pid" || break
				sleep 0.1
			done
		fi
	fi
	rm -f "$pf"
}

# Alpha first: it shuts down in well under a second while zero is still up,
# but can hang when both go down together. Zero v25 itself usually does not
# finish its raft shutdown on TERM, so it typically needs the KILL.
cmd_stop() {
	stop_one alpha
	stop_one zero
	log "stopped"
}

cmd_start() {
	local o=${DGRAPH_PORT_OFFSET:-0}
	[[ $o =~ ^[0-9]+$ ]] || die "DGRAPH_PORT_OFFSET must be a non-negative integer, got '$o'"
	local zero_grpc=$((5080 + o)) alpha_http=$((8080 + o)) alpha_grpc=$((9080 + o))
	local bin="$DIR/bin/dgraph" p name

	for name in zero alpha; do
		if pid_alive "$DIR/$name.pid"; then
			die "$name already running from $DIR (pid $(<"$DIR/$name.pid"))"
		fi
	done
	for p in $((5080 + o)) $((6080 + o)) $((7080 + o)) $((8080 + o)) $((9080 + o)); do
		if port_open "$p"; then
			die "port $p is already in use; pick another DGRAPH_PORT_OFFSET"
		fi
	done

	command -v go >/dev/null || die "go not found in PATH"
	if [[ ! -x $bin ]]; then
		log "building $DGRAPH_PKG into $bin"
		local t0=$SECONDS
		mkdir -p "$DIR/bin"
		(cd "$REPO_ROOT" && go build -o "$bin" "$DGRAPH_PKG") || die "building dgraph failed"
		log "built dgraph in $((SECONDS - t0))s"
	fi

	# From here on, a failure must not leave processes behind.
	trap 'rc=$?; if ((rc != 0)); then show_logs; cmd_stop; fi' EXIT

	local telemetry='reports=false; sentry=false;'
	local t_start=$SECONDS
	log "starting zero (gRPC 127.0.0.1:$zero_grpc)"
	(
		cd "$DIR"
		exec "$bin" zero \
			--port_offset="$o" \
			--my="127.0.0.1:$zero_grpc" \
			--wal="$DIR/zw" \
			--bindall=false \
			--telemetry "$telemetry" \
			--logtostderr
	) </dev/null >"$DIR/zero.log" 2>&1 &
	echo $! >"$DIR/zero.pid"
	disown # no "Killed" job notices from this shell if we have to clean up

	# Wait for zero's gRPC port before starting alpha.
	until port_open "$zero_grpc"; do
		proc_alive "$DIR/zero.pid" || die "zero exited during startup"
		((SECONDS - t_start < START_TIMEOUT)) || die "zero not listening after ${START_TIMEOUT}s"
		sleep 0.2
	done

	log "starting alpha (gRPC 127.0.0.1:$alpha_grpc, HTTP 127.0.0.1:$alpha_http)"
	(
		cd "$DIR"
		exec "$bin" alpha \
			--port_offset="$o" \
			--zero="127.0.0.1:$zero_grpc" \
			--postings="$DIR/p" \
			--wal="$DIR/w" \
			--tmp="$DIR/t" \
			--bindall=false \
			--security "whitelist=127.0.0.1/32;" \
			--telemetry "$telemetry" \
			--logtostderr
	) </dev/null >"$DIR/alpha.log" 2>&1 &
	echo $! >"$DIR/alpha.pid"
	disown

	# Healthy = gRPC port accepts, /health says "healthy", and a real DQL
	# query succeeds (i.e. the alpha has joined its group and serves requests).
	local stage="gRPC port $alpha_grpc" out
	while :; do
		proc_alive "$DIR/zero.pid" || die "zero exited during startup"
		proc_alive "$DIR/alpha.pid" || die "alpha exited during startup"
		((SECONDS - t_start < START_TIMEOUT)) ||
			die "cluster not healthy after ${START_TIMEOUT}s (waiting for $stage)"
		case $stage in
		gRPC*)
			port_open "$alpha_grpc" && stage="/health"
			;;
		/health)
			if out=$(http "$alpha_http" GET /health) &&
				[[ $out == *'"status":"healthy"'* ]]; then
				stage="DQL query"
			fi
			;;
		DQL*)
			if out=$(http "$alpha_http" POST /query application/dql \
				'{ q(func: uid(0x1)) { uid } }') &&
				[[ $out == *'"data":'* && $out != *'"errors":'* ]]; then
				break
			fi
			;;
		esac
		sleep 0.25
	done
	trap - EXIT
	log "cluster healthy in $((SECONDS - t_start))s (logs: $DIR/zero.log, $DIR/alpha.log)"
	printf 'dgraph://127.0.0.1:%d\n' "$alpha_grpc"
}

if (($# != 2)) || [[ -z $2 ]]; then usage; fi
case $1 in
start)
	mkdir -p "$2"
	DIR=$(cd "$2" && pwd -P)
	readonly DIR
	cmd_start
	;;
stop)
	if [[ ! -d $2 ]]; then
		log "$2 does not exist; nothing to stop"
		exit 0
	fi
	DIR=$(cd "$2" && pwd -P)
	readonly DIR
	cmd_stop
	;;
*) usage ;;
esac
