#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
: > services
