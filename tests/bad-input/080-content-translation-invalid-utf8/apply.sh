#!/usr/bin/env bash
# Runs in the copy of the inputs.
set -eu
# A truncated two-byte sequence: C3 then a newline.
printf '# FA\xc3\n\nOuverture.\n' > content/pages/faq.fr.md
