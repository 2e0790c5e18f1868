# Shared helpers for the suite scripts in tests/suites/. Source it; call
# check NAME COMMAND... for each assertion and finish with summary NAME.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORTREF_BUILD=${PORTREF_BUILD:-build}
PORTREF=${PORTREF:-$PWD/$PORTREF_BUILD/portref}
TOP=$PWD
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# check NAME CMD...: passes when CMD exits 0.
check() {
  local name=$1; shift
  if "$@"; then pass; else fail "$name"; fi
}

# summary NAME: the suite's closing line. A suite that checked nothing
# has failed: its checks did not run.
summary() {
  if [ $((passed + failed)) -eq 0 ]; then
    echo "FAIL $1 ran no check"
    failed=1
  fi
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# skip_suite NAME REASON: the suite cannot run here (a tool is missing).
# Counted as skipped by tests/run; under CI, where tools/deps test has
# installed every tool, it is a failure instead.
skip_suite() {
  if [ -n "${CI:-}" ]; then
    echo "FAIL $1: $2 (CI installs every tool: tools/deps test)"
    echo "$1: 0 passed, 1 failed"
    exit 1
  fi
  echo "SKIP $1: $2"
  echo "$1: 0 passed, 0 failed, 1 skipped"
  exit 0
}

# A scratch folder removed when the suite exits.
scratch() {
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/portref-test.XXXXXX")
  trap 'rm -rf "$SCRATCH"' EXIT
}

# A copy of the project's inputs in $1, to edit without touching the tree.
copy_inputs() {
  mkdir -p "$1"
  cp -r "$TOP/data" "$TOP/i18n" "$TOP/content" "$TOP/templates" "$TOP/static" "$1/"
}
