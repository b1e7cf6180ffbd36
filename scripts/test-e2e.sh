#!/usr/bin/env bash
# `npm run test:e2e`: the package in a real n8n 2.41.1, end to end.
# Provisions Node 24, the dependencies, n8n (cached, once) and Chromium, builds and packs the
# package, then runs test/e2e/*.test.mjs with Node's test runner. One simulator and one n8n
# (fresh user folder in a temp dir, the tarball installed as a community package) are booted
# for the whole run by test/e2e/support/global-setup.mjs, on 127.0.0.1 only:
#   n8n 5688, its task broker 5689, simulator 4011 (E2E_N8N_PORT, E2E_N8N_BROKER_PORT, E2E_SIM_PORT).
# Every process started is stopped on exit, failure and Ctrl-C included.
# Extra arguments go to `node --test` (e.g. --test-name-pattern=trigger).
source "$(dirname "$0")/lib.sh"

started=$SECONDS
ensure_node24
ensure_dependencies
build_package_if_changed
ensure_n8n
ensure_chromium

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/twelvelabs-e2e.XXXXXX")"
status=1

# Stops every process group the run recorded (<name>.pid files), whatever happened: the test
# runner first (so it starts nothing more), then n8n and the simulator.
cleanup() {
	trap - EXIT INT TERM
	local pidfile pid
	for pidfile in "$RUN_DIR/test-runner.pid" "$RUN_DIR"/*.pid; do
		[ -f "$pidfile" ] || continue
		pid="$(cat "$pidfile")"
		if kill -0 "$pid" 2>/dev/null; then
			log "Stopping $(basename "$pidfile" .pid) (process group $pid)"
			kill -TERM -- "-$pid" 2>/dev/null || true
			for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
			kill -KILL -- "-$pid" 2>/dev/null || true
		fi
		rm -f "$pidfile"
	done
	if [ "$status" -eq 0 ] && [ -z "${KEEP_E2E_DIR:-}" ]; then
		rm -rf "$RUN_DIR"
	else
		log "Run folder kept for inspection: $RUN_DIR (n8n.log, simulator.log, screenshots/)"
	fi
}
trap cleanup EXIT
trap 'status=130; exit 130' INT
trap 'status=143; exit 143' TERM

TGZ="$(pack_package "$RUN_DIR/pack")"
log "Packed $(basename "$TGZ"); preparation took $((SECONDS - started)) s"

export TWELVELABS_E2E_RUN_DIR="$RUN_DIR" TWELVELABS_E2E_TGZ="$TGZ" N8N_APP_DIR
cd "$REPO_ROOT"
# One file at a time: the files share one n8n and one simulator. The runner gets its own
# process group (setsid) and runs in the background so that Ctrl-C or a signal forwarded by
# npm reaches this script's trap at once, which then stops the runner and everything else.
setsid node --test --test-reporter=tap --test-concurrency=1 --test-timeout=300000 \
	--test-global-setup=test/e2e/support/global-setup.mjs "$@" test/e2e/*.test.mjs &
echo $! >"$RUN_DIR/test-runner.pid"
wait $! && status=0 || status=$?
rm -f "$RUN_DIR/test-runner.pid"
if [ "$status" -ne 0 ] && [ -f "$RUN_DIR/n8n.log" ]; then
	log "Last lines of n8n.log:"
	tail -n 25 "$RUN_DIR/n8n.log" >&2
fi
log "End-to-end suite finished in $((SECONDS - started)) s (exit $status)"
exit "$status"
