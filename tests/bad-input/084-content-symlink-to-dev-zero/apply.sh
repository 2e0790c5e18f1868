#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
ln -s /dev/zero content/pages/zero.md
