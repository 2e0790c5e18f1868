#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
sed -i '/^port_title:/d' i18n/en.yaml
