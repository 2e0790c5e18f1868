#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
# 50 MiB: a valid start and comment lines, made here, never committed.
{ printf 'ports:\n'; yes '# padding padding padding padding padding padding padding padding' ; } | head -c 52428800 > data/ports.yaml || true
