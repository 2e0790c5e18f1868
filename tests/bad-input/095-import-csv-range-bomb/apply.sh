#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
{ head -n 1 "$CASE/header.csv"; for i in $(seq 300); do printf 's%d,0-65535,tcp,D,,,,,,,,\n' "$i"; done; } > registry.csv
