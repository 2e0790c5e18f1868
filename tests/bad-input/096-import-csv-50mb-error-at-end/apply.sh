#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
# 57 MB of rows (the importer reads up to 64 MiB), the last one bad.
{ head -n 1 "$CASE/header.csv"; yes 'svc,1000,tcp,A description of a service,,,,,,,,' | head -n 1200000; printf 'bad,70000,tcp,X,,,,,,,,\n'; } > registry.csv
