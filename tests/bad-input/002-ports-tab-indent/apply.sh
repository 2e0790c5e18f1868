#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
printf 'ports:\n  - port: 22\n\treserved: [tcp]\n' > data/ports.yaml
