# Shell helpers shared by the benchmark scripts; source it. Logs go to
# stderr, tagged with $LOG_TAG.

# Go is guaranteed to be installed, but not necessarily on PATH.
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi

log() { printf '[%s] %s\n' "${LOG_TAG:-chokepoint}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# stop_pid PID: TERM, then KILL after 15 s.
stop_pid() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 150; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	log "pid $pid still running after 15s, sending KILL"
	kill -KILL "$pid" 2>/dev/null || true
}

# http_ok PORT PATH: the server on 127.0.0.1:PORT answers PATH with 200.
http_ok() {
	local resp
	resp=$(
		exec 2>/dev/null
		exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
		timeout 5 head -n 1 <&3
	) || return 1
	[[ $resp =~ ^HTTP/[0-9.]+\ 200 ]]
}

# port_free PORT: nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_ready PORT SECONDS PID…: wait until the chokepoint serve on PORT
# answers /readyz; fails when one of the PIDs exits or time runs out.
wait_ready() {
	local port=$1 limit=$2 start=$SECONDS pid
	shift 2
	until http_ok "$port" /readyz; do
		for pid in "$@"; do
			kill -0 "$pid" 2>/dev/null || { log "pid $pid exited"; return 1; }
		done
		((SECONDS - start < limit)) || { log "chokepoint serve on :$port not ready after ${limit}s"; return 1; }
		sleep 0.5
	done
}

# SERVE_PIDS are the chokepoint serve processes a script started;
# stop_serves stops them all.
SERVE_PIDS=()
stop_serves() {
	local pid
	for pid in "${SERVE_PIDS[@]}"; do
		stop_pid "$pid"
	done
}

# remove_work KEEP: remove $WORK, or say where it is when KEEP is 1.
remove_work() {
	if [[ ${1:-0} == 1 ]]; then
		log "kept $WORK"
	else
		rm -rf "$WORK"
	fi
}
