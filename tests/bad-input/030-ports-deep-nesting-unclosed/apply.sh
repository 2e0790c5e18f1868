#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
# 100,000 open brackets that never close.
{ printf 'ports:\n  - port: 22\n    notes: '; printf '%0100000d' 0 | tr 0 '['; echo; } > data/ports.yaml
