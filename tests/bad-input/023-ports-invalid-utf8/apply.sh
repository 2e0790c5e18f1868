#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
# "café" in Latin-1: 0xE9 starts a three-byte sequence that never comes.
printf 'ports:\n  - port: 22\n    notes: caf\xe9\n' > data/ports.yaml
