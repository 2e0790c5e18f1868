#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
printf 'ssh 22/tcp # caf\xe9\n' > services
