#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
printf 'site_name: "R\xe9f\xe9rence"\n' > i18n/fr.yaml
