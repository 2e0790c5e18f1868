#!/usr/bin/env bash
# The sample site that the html, a11y and links suites check: a handful of
# ports chosen to cover every page kind (each range, both edges of each
# range, Linux's ephemeral range, a curated port), in every language of the
# site, with every listing (home, ranges, blocks, FAQ, search, 404).
#
# Source it from a suite (after tests/lib.sh, so the working folder is the
# repository root and $PORTREF is set), then:
#   sample_build DIR   build the sample into DIR (quiet; prints errors)
#   sample_langs       print the site's language tags, default first
#   sample_prefix TAG  print the URL prefix of a language: "" or "TAG/"
#   sample_pages       print the pages the html suite checks, relative to DIR
#   sample_pages_a11y  print the (fewer) pages the a11y suite audits
# Or run it: tests/site/sample.sh DIR builds the sample into DIR.

SAMPLE_PORTS=0,1,22,80,443,1023,1024,3000,8080,32768,49151,49152,60730,65535

# The languages from data/site.yaml (a flow list, or a block list), in order.
sample_langs() {
  awk '
    /^languages:/ {
      s = $0; sub(/^languages:[ \t]*/, "", s); sub(/#.*/, "", s)
      if (s ~ /^\[/) { flow = 1 } else { block = 1; next }
    }
    flow { line = (line == "" ? s : line " " $0); s = ""
           if (line ~ /\]/) { gsub(/[][,]/, " ", line); n = split(line, a, " ")
             for (i = 1; i <= n; i++) if (a[i] != "languages:") print a[i]
             exit } next }
    block && /^[ \t]*-[ \t]*/ { v = $0; sub(/^[ \t]*-[ \t]*/, "", v); sub(/[ \t#].*/, "", v); print v; next }
    block && /^[^ \t#-]/ { exit }
  ' "${TOP:-.}/data/site.yaml" | tr -d "\"'"
}

sample_prefix() {
  local first
  first=$(sample_langs | head -n 1)
  if [ "$1" = "$first" ]; then echo ""; else echo "$1/"; fi
}

sample_build() {
  local out=$1 err
  err=$(mktemp "${TMPDIR:-/tmp}/portref-sample.XXXXXX")
  if ! "$PORTREF" build --quiet --out "$out" --ports "$SAMPLE_PORTS" 2>"$err"; then
    echo "sample build failed: $PORTREF build --quiet --out $out --ports $SAMPLE_PORTS"
    cat "$err"
    rm -f "$err"
    return 1
  fi
  rm -f "$err"
}

# For each language: a port page of each range, home, a range page, a block
# page, the FAQ, the search page and the 404 page.
sample_pages() {
  local tag p
  for tag in $(sample_langs); do
    p=$(sample_prefix "$tag")
    printf '%s\n' "${p}ports/22/index.html" "${p}ports/3000/index.html" \
      "${p}ports/49152/index.html" "${p}index.html" \
      "${p}ranges/well-known/index.html" "${p}ranges/registered/1024-1279/index.html" \
      "${p}faq/index.html" "${p}search/index.html" "${p}404.html"
  done
}

# For each language: port pages 22 and 49152 and home; for the default
# language also port 3000, a range page, a block page, the FAQ and the search
# page; then the 404 page. (axe takes about a second a page.)
sample_pages_a11y() {
  local tag p first
  first=$(sample_langs | head -n 1)
  for tag in $(sample_langs); do
    p=$(sample_prefix "$tag")
    printf '%s\n' "${p}ports/22/index.html" "${p}ports/49152/index.html" "${p}index.html"
    [ "$tag" = "$first" ] || continue
    printf '%s\n' ports/3000/index.html ranges/well-known/index.html \
      ranges/registered/1024-1279/index.html faq/index.html search/index.html
  done
  echo 404.html
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -u
  [ $# -eq 1 ] || { echo "usage: tests/site/sample.sh DIR" >&2; exit 2; }
  cd "$(dirname "$0")/../.."
  TOP=$PWD
  PORTREF=${PORTREF:-$PWD/${PORTREF_BUILD:-build}/portref}
  sample_build "$1"
fi
