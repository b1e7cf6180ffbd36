#!/usr/bin/env bash
# `npm test`: provisions Node 24 and the dependencies if needed, builds the package, then
# runs every unit and engine test (jest) and prints the counts.
source "$(dirname "$0")/lib.sh"
ensure_node24
ensure_dependencies
build_package
cd "$REPO_ROOT"
results="$(mktemp)"
status=0
npx jest --ci --json --outputFile="$results" "$@" || status=$?
node -e '
	const r = require(process.argv[1]);
	console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
rm -f "$results"
exit "$status"
