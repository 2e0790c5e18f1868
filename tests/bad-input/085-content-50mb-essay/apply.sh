#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
{ printf '# Big\n\n'; yes 'A paragraph of text that goes on and on.'; } | head -c 52428800 > content/pages/big.md || true
