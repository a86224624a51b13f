#!/usr/bin/env bash
# Source this file to put a Node.js 22 LTS first on PATH when the machine's node is outside `engines` (>=22.12 <25).
# It installs the npm registry's `node` package at 22.x into NODE22_PREFIX (default ~/.node22) once, then reuses it.
#   source tools/scripts/use-node22.sh
node_fits() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a === 22 ? (b >= 12 ? 0 : 1) : a > 22 && a < 25 ? 0 : 1)'
}
if ! node_fits; then
  NODE22_PREFIX="${NODE22_PREFIX:-$HOME/.node22}"
  if [ ! -x "$NODE22_PREFIX/node_modules/.bin/node" ]; then
    echo "Node.js $(node --version 2>/dev/null || echo 'not found') does not fit engines (>=22.12 <25): installing node@22 into $NODE22_PREFIX" >&2
    npm install --prefix "$NODE22_PREFIX" --no-audit --no-fund --no-save node@22 >&2
  fi
  export PATH="$NODE22_PREFIX/node_modules/.bin:$PATH"
  node_fits || { echo "Could not provide Node.js 22 (have $(node --version)); install Node 22 LTS and retry." >&2; return 1 2>/dev/null || exit 1; }
fi
echo "Using Node.js $(node --version) from $(command -v node)" >&2
