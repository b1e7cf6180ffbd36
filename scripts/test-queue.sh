#!/usr/bin/env bash
# `npm run test:queue`: the package in n8n 2.41.1's queue mode (n8n 2.x only), under load: a main instance,
# 2 workers, PostgreSQL and Redis of its own (installed from Debian's packages when missing),
# and a rate-limited simulator, all on 127.0.0.1 (ports: n8n 5698, broker 5699, simulator 4012,
# PostgreSQL 5434, Redis 6381, workers 5700–5703, the webhook test's front 5704). Runs test/queue/*.test.mjs; every process
# started is stopped on exit, failure and Ctrl-C included.
source "$(dirname "$0")/lib.sh"

started=$SECONDS
ensure_node24
parse_n8n_arg "$@"
if [ "$N8N_MAJOR" != 2 ]; then
	log "The queue-mode suite runs on n8n 2.x only (this is $N8N_VERSION)"
	exit 2
fi
ensure_dependencies
build_package_if_changed
ensure_n8n
ensure_queue_services

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/twelvelabs-queue.XXXXXX")"
stop_recorded_processes_on_exit

TGZ="$(pack_package "$RUN_DIR/pack")"
log "Packed $(basename "$TGZ"); preparation took $((SECONDS - started)) s"
export TWELVELABS_E2E_RUN_DIR="$RUN_DIR" TWELVELABS_E2E_TGZ="$TGZ"
cd "$REPO_ROOT"
run_test_runner --test-timeout=900000 "${ARGS[@]}" test/queue/*.test.mjs
log "Queue-mode suite finished in $((SECONDS - started)) s (exit $status)"
exit "$status"
