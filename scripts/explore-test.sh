#!/usr/bin/env bash
# The analyst explorer's and the playground's tests in a real browser:
# Debian's Chromium, driven by Playwright (playwright-core, pinned in
# web/explore/package-lock.json), against a real `chokepoint serve` on a free
# local port.
#
# Installs what it needs, each step a no-op when done already: Chromium and a
# font from Debian's packages (as root, or through sudo), the npm packages
# of web/explore and web/playground with `npm ci`. Then checks that the
# committed bundles in server/assets/explore and server/assets/playground are
# what their sources build, runs the playground's unit tests, builds the
# binary and runs `npm test` in web/explore (unit tests, then the browser
# session, the playground's steps included).
#
# Usage: scripts/explore-test.sh [OUTPUT_DIR]
#   OUTPUT_DIR gets the screenshots of every step and the exported files
#   (default web/explore/test-output). EXPLORE_DOC_IMAGES=docs/img also
#   writes the README's screenshots.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
if [[ -n ${EXPLORE_DOC_IMAGES:-} && ${EXPLORE_DOC_IMAGES} != /* ]]; then
	EXPLORE_DOC_IMAGES=$PWD/$EXPLORE_DOC_IMAGES # relative to where the script was called, as the README says
	export EXPLORE_DOC_IMAGES
fi
cd "$ROOT"
out=${1:-$ROOT/web/explore/test-output}
mkdir -p "$out"
out=$(cd "$out" && pwd -P)

if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi

as_root() {
	if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]] || ! fc-list 2>/dev/null | grep -qi dejavu; then
	echo "installing Debian's chromium and fonts-dejavu-core"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
"$chromium" --version

command -v node >/dev/null 2>&1 || { echo "node (20 or later) is required" >&2; exit 1; }
node --version
# The committed bundles must be what these sources and pinned packages build.
for app in explore playground; do
	(
		cd "web/$app"
		npm ci --no-audit --no-fund --loglevel=error
		npm run build
	)
	if ! git -C "$ROOT" diff --exit-code --stat -- "server/assets/$app" ||
		[[ -n $(git -C "$ROOT" status --porcelain -- "server/assets/$app") ]]; then
		echo "server/assets/$app differs from a fresh build: run 'npm run build' in web/$app and commit" >&2
		exit 1
	fi
done
(cd web/playground && npm test)
cd web/explore

bin=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-explore-bin.XXXXXX")
trap 'rm -rf "$bin"' EXIT
(cd "$ROOT" && go build -o "$bin/chokepoint" ./cmd/chokepoint)

CHOKEPOINT_BIN=$bin/chokepoint CHROMIUM=$chromium EXPLORE_TEST_OUTPUT=$out npm test
echo "screenshots and exports: $out"
