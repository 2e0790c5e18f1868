#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
printf 'ports:\n  - port: 22\n    notes: \xed\xa0\x80\n' > data/ports.yaml
