# shellcheck shell=bash
# Shared by the Dgraph cluster scripts (dgraph-cluster.sh, dgraph-replicated.sh):
# source it after setting LOG_TAG; pid_alive and stop_one also need DIR.
# Only bash, coreutils and go are required (no curl).

readonly DGRAPH_PKG=github.com/hypermodeinc/dgraph/v25/dgraph
readonly START_TIMEOUT=120 # seconds, from process start to healthy
readonly STOP_GRACE=10     # seconds between TERM and KILL

# DEFAULT_PORT_OFFSET shifts every Dgraph port by default so that the alpha's
# HTTP port (8080+offset) does not take 8080, chokepoint serve's default.
readonly DEFAULT_PORT_OFFSET=100

log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

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

# stop_one NAME: TERM the process in DIR/NAME.pid, KILL it after STOP_GRACE s.
# A stopped (SIGSTOP) process is continued first, or TERM would wait.
stop_one() {
	local name=$1 pf="$DIR/$1.pid" pid i
	if pid_alive "$pf"; then
		pid=$(<"$pf")
		log "stopping $name (pid $pid)"
		kill -CONT "$pid" 2>/dev/null || true
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

# build_dgraph: build the pinned Dgraph into DIR/bin/dgraph unless it is there.
build_dgraph() {
	local bin="$DIR/bin/dgraph" t0=$SECONDS
	[[ -x $bin ]] && return
	command -v go >/dev/null || die "go not found in PATH"
	log "building $DGRAPH_PKG into $bin"
	mkdir -p "$DIR/bin"
	(cd "$REPO_ROOT" && go build -o "$bin" "$DGRAPH_PKG") || die "building dgraph failed"
	log "built dgraph in $((SECONDS - t0))s"
}

# dql_ready HTTP_PORT: the alpha has joined its group and serves a real read.
dql_ready() {
	local out
	out=$(http "$1" POST /query application/dql '{ q(func: has(xid), first: 1) { uid } }') &&
		[[ $out == *'"data":'* && $out != *'"errors":'* ]]
}

# port_offset: DGRAPH_PORT_OFFSET, or DEFAULT_PORT_OFFSET when unset.
port_offset() {
	local o=${DGRAPH_PORT_OFFSET:-$DEFAULT_PORT_OFFSET}
	[[ $o =~ ^[0-9]+$ ]] || die "DGRAPH_PORT_OFFSET must be a non-negative integer, got '$o'"
	echo "$o"
}
