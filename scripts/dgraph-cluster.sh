#!/usr/bin/env bash
# Start/stop a throwaway single-node Dgraph cluster (one zero + one alpha)
# for integration tests.
#
#   scripts/dgraph-cluster.sh start DIR   # build dgraph, start, wait healthy,
#                                         # print the DSN as the last stdout line
#   scripts/dgraph-cluster.sh stop DIR    # stop it (TERM, then KILL after 10 s)
#
# Everything (binary, data, logs, pid files) lives under DIR. All listeners
# bind to localhost only. Ports are shifted by DGRAPH_PORT_OFFSET (o, default
# 100, so that alpha HTTP is 8180, clear of chokepoint serve's 8080):
#   zero gRPC 5080+o, zero HTTP 6080+o,
#   alpha internal 7080+o, alpha HTTP 8080+o, alpha gRPC 9080+o.
# The default cluster's DSN is therefore dgraph://127.0.0.1:9180.
# Progress goes to stderr; stdout carries only the DSN, so
#   dsn=$(scripts/dgraph-cluster.sh start "$dir")
# works. Only bash, coreutils and go are required (no curl).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
readonly SCRIPT_DIR REPO_ROOT
LOG_TAG=dgraph-cluster
# shellcheck source=scripts/dgraph-lib.sh
source "$SCRIPT_DIR/dgraph-lib.sh"

usage() {
	echo "usage: $0 {start|stop} DIR   (env: DGRAPH_PORT_OFFSET, default $DEFAULT_PORT_OFFSET)" >&2
	exit 2
}

show_logs() {
	local f
	for f in "$DIR/zero.log" "$DIR/alpha.log"; do
		[[ -f $f ]] || continue
		log "----- last 40 lines of $f -----"
		tail -n 40 "$f" >&2 || true
	done
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
	local o
	o=$(port_offset)
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

	build_dgraph

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
			dql_ready "$alpha_http" && break
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
