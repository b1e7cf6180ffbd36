#!/usr/bin/env bash
# `npm start`: a local n8n with this package installed as a community package, a TwelveLabs
# credential pointing at the API simulator, and the example workflows imported. n8n 2.41.1 on
# Node 24 by default; `npm start -- --n8n 1.x` (or TWELVELABS_N8N_VERSION=1.x) starts 1.123.81
# on Node 22 (scripts/n8n-versions.mjs).
#
# First run on a fresh machine: installs Node 24, the dependencies and n8n (cached in
# ~/.cache/n8n-nodes-twelvelabs, about 10 minutes once per n8n version). Later runs reuse
# everything and are ready in about 20 s; the package is rebuilt and reinstalled only when its
# sources changed, the credential and workflows re-imported only when examples/ or the ports
# changed.
# Settings: see scripts/start.mjs. Everything listens on 127.0.0.1 only. Ctrl-C stops n8n,
# its task runner and the simulator.
TWELVELABS_STARTED_MS="$(date +%s%3N)"
export TWELVELABS_STARTED_MS
source "$(dirname "$0")/lib.sh"

ensure_node24
parse_n8n_arg "$@"
# `npm run start:queue`: the same in queue mode (PostgreSQL, Redis, 2 workers), n8n 2.x only.
queue=
for arg in "${ARGS[@]}"; do [ "$arg" = "--queue" ] && queue=1; done
if [ -n "$queue" ] && [ "$N8N_MAJOR" != 2 ]; then
	log "Queue mode runs on n8n 2.x only (this is $N8N_VERSION)"
	exit 2
fi
ensure_dependencies
build_package_if_changed
ensure_n8n
if [ -n "$queue" ]; then ensure_queue_services; fi
# The foreground process from here on: Ctrl-C reaches it directly (see start.mjs).
exec node "$REPO_ROOT/scripts/start.mjs" "${ARGS[@]}"
