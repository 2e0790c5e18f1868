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

summary() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
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
