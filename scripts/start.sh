#!/usr/bin/env bash
# `npm start`: a local n8n 2.41.1 with this package installed as a community package, a
# TwelveLabs credential pointing at the API simulator, and the example workflows imported.
#
# First run on a fresh machine: installs Node 24, the dependencies and n8n (cached in
# ~/.cache/n8n-nodes-twelvelabs, 5–7 minutes once). Later runs reuse everything and are ready
# in about 15 s; the package is rebuilt and reinstalled only when its sources changed, the
# credential and workflows re-imported only when examples/ or the ports changed.
#
#   N8N_PORT              n8n's port (default 5678); its task broker uses N8N_PORT + 1
#   TWELVELABS_SIM_PORT   the simulator's port (default 4010)
#   TWELVELABS_START_HOME the n8n user folder (default: start-home in the cache folder)
#   TWELVELABS_SIM_SPEED  simulated ms per real ms (default 10: demo tasks, 5–30 simulated
#                         seconds long, finish in 0.5–3 s, while their statuses stay visible)
#
# Everything listens on 127.0.0.1 only. Ctrl-C stops n8n, its task runner and the simulator.
source "$(dirname "$0")/lib.sh"

N8N_PORT="${N8N_PORT:-5678}"
BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-$((N8N_PORT + 1))}"
SIM_PORT="${TWELVELABS_SIM_PORT:-4010}"
SIM_SPEED="${TWELVELABS_SIM_SPEED:-10}"
SIM_KEY="sim-key"
OWNER_EMAIL="${TWELVELABS_DEMO_EMAIL:-owner@example.com}"
OWNER_PASSWORD="${TWELVELABS_DEMO_PASSWORD:-TwelveLabs-demo1}"
CREDENTIAL_ID="tlSimulatorCred1" # the id and name the examples reference
CREDENTIAL_NAME="TwelveLabs account"
START_HOME="${TWELVELABS_START_HOME:-$CACHE_ROOT/start-home}" # the n8n user folder, kept between runs, outside the repo
LOG_DIR="$START_HOME/logs"
N8N_URL="http://127.0.0.1:$N8N_PORT"
SIM_URL="http://127.0.0.1:$SIM_PORT"

started=$SECONDS
n8n_pid=""
sim_pid=""

# Stops process groups: SIGTERM to each, then SIGKILL to those still running after $1 seconds.
stop_groups() {
	local grace="$1" pid waited=0
	shift
	for pid in "$@"; do
		[ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
	done
	while [ "$waited" -lt $((grace * 5)) ]; do
		local running=0
		for pid in "$@"; do
			[ -n "$pid" ] && kill -0 -- "-$pid" 2>/dev/null && running=1
		done
		[ "$running" = 0 ] && return 0
		sleep 0.2
		waited=$((waited + 1))
	done
	for pid in "$@"; do
		[ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null || true
	done
}

# A Ctrl-C in a terminal reaches npm and this script together, and npm forwards it once more:
# the cleanup therefore ignores further INT/TERM (a second signal must not cut it short and
# leave the simulator listening), and stops n8n and the simulator at the same time.
cleanup() {
	trap '' INT TERM
	trap - EXIT
	if [ -n "$n8n_pid$sim_pid" ]; then
		log "Stopping n8n, its task runner and the simulator"
		stop_groups 20 "$n8n_pid" "$sim_pid"
	fi
	rm -f "$START_HOME/start.pids"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# --- Toolchain, package, n8n ------------------------------------------------------------
ensure_node24
ensure_dependencies
build_package_if_changed
ensure_n8n

for port in "$N8N_PORT" "$BROKER_PORT" "$SIM_PORT"; do
	if ! port_free "$port"; then
		log "Port $port on 127.0.0.1 is already in use (another npm start?). Stop it, or set N8N_PORT / TWELVELABS_SIM_PORT."
		exit 1
	fi
done

mkdir -p "$START_HOME" "$LOG_DIR"
pack_dir="$(mktemp -d)"
tgz="$(pack_package "$pack_dir")"
install_package_into "$START_HOME" "$tgz"
rm -rf "$pack_dir"
if [ "$PACKAGE_INSTALLED" = 1 ]; then
	log "Installed $(basename "$tgz") as a community package in $START_HOME/.n8n/nodes"
else
	log "Community package unchanged"
fi

# --- The simulator ------------------------------------------------------------------------
# Its own process group (setsid), so Ctrl-C reaches it only through cleanup, in order.
setsid node "$REPO_ROOT/test/simulator/cli.js" --port "$SIM_PORT" --api-key "$SIM_KEY" --speed "$SIM_SPEED" \
	>"$LOG_DIR/simulator.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 50); do
	curl -sf "$SIM_URL/__sim/health" >/dev/null 2>&1 && break
	kill -0 "$sim_pid" 2>/dev/null || { cat "$LOG_DIR/simulator.log" >&2; exit 1; }
	sleep 0.2
done
# A little history so "Get Many" and "Delete Failed Tasks" have something to show.
curl -sf -H 'content-type: application/json' -d '{"n":6,"status":["ready","ready","failed"],"customIdPrefix":"history-"}' \
	"$SIM_URL/__sim/seed" >/dev/null
log "Simulator on $SIM_URL/v1.3 (key $SIM_KEY, speed ×$SIM_SPEED)"

# --- n8n environment ----------------------------------------------------------------------
# The owner password hash is made once (bcryptjs from n8n's own dependencies) and kept while
# the password stays the same.
owner_hash_file="$START_HOME/.owner-hash"
password_digest="$(printf '%s' "$OWNER_EMAIL:$OWNER_PASSWORD" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$owner_hash_file" ] || [ "$(head -n 1 "$owner_hash_file")" != "$password_digest" ]; then
	{
		echo "$password_digest"
		OWNER_PASSWORD="$OWNER_PASSWORD" node -e \
			"console.log(require(process.argv[1]).hashSync(process.env.OWNER_PASSWORD, 10))" \
			"$N8N_APP_DIR/node_modules/bcryptjs"
	} >"$owner_hash_file"
fi

export N8N_USER_FOLDER="$START_HOME"
export N8N_LISTEN_ADDRESS=127.0.0.1 # the default listens on every interface
export N8N_HOST=127.0.0.1 N8N_PORT N8N_PROTOCOL=http N8N_EDITOR_BASE_URL="$N8N_URL" WEBHOOK_URL="$N8N_URL/"
export N8N_RUNNERS_BROKER_PORT="$BROKER_PORT" N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1
export N8N_DIAGNOSTICS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_TEMPLATES_ENABLED=false N8N_UNVERIFIED_PACKAGES_ENABLED=true N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true
export N8N_SECURE_COOKIE=false DB_SQLITE_POOL_SIZE=2 GENERIC_TIMEZONE="${GENERIC_TIMEZONE:-UTC}"
export N8N_INSTANCE_OWNER_MANAGED_BY_ENV=true N8N_INSTANCE_OWNER_EMAIL="$OWNER_EMAIL"
export N8N_INSTANCE_OWNER_FIRST_NAME=Demo N8N_INSTANCE_OWNER_LAST_NAME=Owner
N8N_INSTANCE_OWNER_PASSWORD_HASH="$(tail -n 1 "$owner_hash_file")"
export N8N_INSTANCE_OWNER_PASSWORD_HASH

# --- Credential and example workflows (fixed ids: re-importing replaces, never duplicates) ---
credential_json="[{\"id\":\"$CREDENTIAL_ID\",\"name\":\"$CREDENTIAL_NAME\",\"type\":\"twelveLabsApi\",\"data\":{\"apiKey\":\"$SIM_KEY\",\"baseUrl\":\"$SIM_URL/v1.3\"}}]"
import_hash="$( { echo "$credential_json"; cat "$REPO_ROOT"/examples/*.json; } | sha256sum | cut -d' ' -f1)"
if [ ! -f "$START_HOME/.imported-hash" ] || [ "$(cat "$START_HOME/.imported-hash")" != "$import_hash" ]; then
	log "Importing the credential \"$CREDENTIAL_NAME\" and the example workflows"
	credential_file="$(mktemp)"
	echo "$credential_json" >"$credential_file"
	"$N8N_BIN" import:credentials --input="$credential_file" >>"$LOG_DIR/import.log" 2>&1 ||
		{ rm -f "$credential_file"; tail -n 20 "$LOG_DIR/import.log" >&2; exit 1; }
	rm -f "$credential_file"
	"$N8N_BIN" import:workflow --separate --input="$REPO_ROOT/examples" >>"$LOG_DIR/import.log" 2>&1 ||
		{ tail -n 20 "$LOG_DIR/import.log" >&2; exit 1; }
	echo "$import_hash" >"$START_HOME/.imported-hash"
else
	log "Credential and example workflows already imported"
fi

# --- n8n ------------------------------------------------------------------------------------
log "Starting n8n $N8N_VERSION"
(cd "$START_HOME" && exec setsid "$N8N_BIN" start) >"$LOG_DIR/n8n.log" 2>&1 &
n8n_pid=$!
echo "n8n $n8n_pid simulator $sim_pid" >"$START_HOME/start.pids"
until curl -sf "$N8N_URL/healthz/readiness" >/dev/null 2>&1; do
	if ! kill -0 "$n8n_pid" 2>/dev/null; then
		log "n8n stopped while starting; last lines of $LOG_DIR/n8n.log:"
		tail -n 30 "$LOG_DIR/n8n.log" >&2
		exit 1
	fi
	sleep 0.5
done

# A public-API key (Settings › n8n API), kept in the user folder and reused while valid.
api_key_file="$START_HOME/api-key.txt"
if [ ! -s "$api_key_file" ] ||
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-N8N-API-KEY: $(cat "$api_key_file")" "$N8N_URL/api/v1/workflows?limit=1")" != 200 ]; then
	jar="$(mktemp)"
	browser_id="npm-start-$$"
	login_body="$(EMAIL="$OWNER_EMAIL" PASSWORD="$OWNER_PASSWORD" node -e \
		'console.log(JSON.stringify({ emailOrLdapLoginId: process.env.EMAIL, password: process.env.PASSWORD }))')"
	if curl -sf -c "$jar" -H "browser-id: $browser_id" -H 'content-type: application/json' \
		-d "$login_body" "$N8N_URL/rest/login" >/dev/null; then
		scopes="$(curl -sf -b "$jar" -H "browser-id: $browser_id" "$N8N_URL/rest/api-keys/scopes" |
			node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.stringify(JSON.parse(s).data)))')"
		curl -sf -b "$jar" -H "browser-id: $browser_id" -H 'content-type: application/json' \
			-d "{\"label\":\"npm start $(date -u +%Y-%m-%dT%H:%M:%S)\",\"expiresAt\":null,\"scopes\":$scopes}" \
			"$N8N_URL/rest/api-keys" |
			node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s).data.rawApiKey))' \
				>"$api_key_file" || log "Could not create a public-API key (n8n still works)"
	else
		log "Could not log in through the REST API to create a public-API key (n8n still works)"
	fi
	rm -f "$jar"
fi

cat >&2 <<EOF

  ┌──────────────────────────────────────────────────────────────────────
  │ n8n is ready (in $((SECONDS - started)) s): $N8N_URL
  │ Log in:      $OWNER_EMAIL  /  $OWNER_PASSWORD
  │ Credential:  "$CREDENTIAL_NAME" → the simulator, $SIM_URL/v1.3 (key $SIM_KEY)
  │ Workflows:   the examples, e.g. $N8N_URL/workflow/tlExSummarize001
  │ Public API:  key in $api_key_file
  │ Logs:        $LOG_DIR/{n8n,simulator,import}.log
  │ Press Ctrl-C to stop n8n and the simulator.
  └──────────────────────────────────────────────────────────────────────

EOF

# Stay in the foreground until n8n exits or Ctrl-C (the trap then stops everything).
wait "$n8n_pid" || true
log "n8n exited; last lines of $LOG_DIR/n8n.log:"
tail -n 20 "$LOG_DIR/n8n.log" >&2
exit 1
