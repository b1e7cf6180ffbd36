#!/usr/bin/env bash
# `npm start`: a local n8n 2.41.1 with this package installed as a community package, a
# TwelveLabs credential pointing at the API simulator, and the example workflows imported.
#
# First run on a fresh machine: installs Node 24, the dependencies and n8n (cached in
# ~/.cache/n8n-nodes-twelvelabs, about 10 minutes once). Later runs reuse everything and are
# ready in about 20 s; the package is rebuilt and reinstalled only when its sources changed,
# the credential and workflows re-imported only when examples/ or the ports changed.
# Settings: see scripts/start.mjs. Everything listens on 127.0.0.1 only. Ctrl-C stops n8n,
# its task runner and the simulator.
TWELVELABS_STARTED_MS="$(date +%s%3N)"
export TWELVELABS_STARTED_MS
source "$(dirname "$0")/lib.sh"

ensure_node24
ensure_dependencies
build_package_if_changed
ensure_n8n
# `npm run start:queue`: the same in queue mode (PostgreSQL, Redis, 2 workers).
if [ "${1:-}" = "--queue" ]; then ensure_queue_services; fi
export N8N_APP_DIR
# The foreground process from here on: Ctrl-C reaches it directly (see start.mjs).
exec node "$REPO_ROOT/scripts/start.mjs" "$@"
