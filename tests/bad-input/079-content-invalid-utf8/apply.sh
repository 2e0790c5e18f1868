#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
printf '# Dynamic ports\n\nOpening caf\xe9.\n' > content/ranges/dynamic.md
