#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
# 17 MB under the size limit: 400,000 unofficial uses, the last a duplicate.
{ printf 'ports:\n  - port: 22\n    unofficial:\n'
  seq 1 400000 | sed 's/.*/      - {name: use &, protocols: [tcp]}/'
  printf '      - {name: use 7, protocols: [tcp]}\n'; } > data/ports.yaml
