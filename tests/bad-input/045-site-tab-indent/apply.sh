#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
printf 'base_url: https://portref.github.io/\nlanguages: [en, fr]\nrepository: https://github.com/portref/portref\nfeedback:\n\turl: ""\n' > data/site.yaml
