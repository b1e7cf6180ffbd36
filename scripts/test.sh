#!/usr/bin/env bash
# `npm test`: provisions Node 24 and the dependencies if needed, builds the package, then
# runs every unit and engine test (jest) and prints the counts.
source "$(dirname "$0")/lib.sh"
ensure_node24
ensure_dependencies
build_package
cd "$REPO_ROOT"
results="$(mktemp)"
# --silent: n8n's logger prints every node error; the secret watch still reads those lines.
status=0
npx jest --ci --silent --json --outputFile="$results" "$@" || status=$?
node -e '
	const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
	// A suite that fails outside its tests (e.g. the secret watch in afterAll) counts as a failure.
	const suiteFailures = r.testResults.filter((s) => s.status === "failed" && !s.assertionResults.some((a) => a.status === "failed")).length;
	console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests + suiteFailures} failed, ${r.numPendingTests} skipped`);
' "$results" || true
rm -f "$results"
exit "$status"
