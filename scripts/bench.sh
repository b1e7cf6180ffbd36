#!/usr/bin/env bash
# `npm run bench`: provisions Node 24 and the dependencies if needed, builds the package, then
# runs the benchmark scenarios against the simulator (bench/run.js; options are passed on:
# --only createAndWait|trigger|faults|hostile|assetUpload|batches|manyExecutions, --seed N, --upload-mib N, --json FILE).
source "$(dirname "$0")/lib.sh"
ensure_node24
ensure_dependencies
build_package
cd "$REPO_ROOT"
node --expose-gc bench/run.js "$@"
