#!/usr/bin/env bash
# `npm run test:e2e`: the package in a real n8n, end to end: 2.41.1 on Node 24 by default,
# `npm run test:e2e -- --n8n 1.x` (or TWELVELABS_N8N_VERSION=1.x) for 1.123.81 on Node 22
# (scripts/n8n-versions.mjs; the versions are pinned in scripts/settings.env).
# Provisions Node 24, the dependencies, n8n and its Node (cached, once per version) and
# Chromium, builds and packs the package, then runs test/e2e/*.test.mjs with Node's test
# runner. One simulator and one n8n (fresh user folder in a temp dir, the tarball installed as
# a community package) are booted for the whole run by test/e2e/support/global-setup.mjs, on
# 127.0.0.1 only:
#   n8n 5688, its task broker 5689, simulator 4011 (E2E_N8N_PORT, E2E_N8N_BROKER_PORT, E2E_SIM_PORT).
# Every process started is stopped on exit, failure and Ctrl-C included.
# Other arguments go to `node --test` (e.g. --test-name-pattern=trigger).
source "$(dirname "$0")/lib.sh"

started=$SECONDS
ensure_node24
parse_n8n_arg "$@"
ensure_dependencies
build_package_if_changed
ensure_n8n
ensure_chromium

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/twelvelabs-e2e.XXXXXX")"
stop_recorded_processes_on_exit

TGZ="$(pack_package "$RUN_DIR/pack")"
log "Packed $(basename "$TGZ"); preparation took $((SECONDS - started)) s; n8n $N8N_VERSION on Node $N8N_NODE_VERSION"

export TWELVELABS_E2E_RUN_DIR="$RUN_DIR" TWELVELABS_E2E_TGZ="$TGZ"
cd "$REPO_ROOT"
# One file at a time: the files share one n8n and one simulator.
run_test_runner --test-timeout=300000 --test-global-setup=test/e2e/support/global-setup.mjs "${ARGS[@]}" test/e2e/*.test.mjs
log "End-to-end suite on n8n $N8N_VERSION finished in $((SECONDS - started)) s (exit $status)"
exit "$status"
