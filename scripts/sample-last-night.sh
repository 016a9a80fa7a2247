#!/usr/bin/env bash
# Writes last night's predictions of the shipped sample to DIR/predictions.csv and prints that
# path: the sample's predictions, except that ft-v1, an earlier checkpoint then, answered "routine"
# on every third example it now calls "urgent" (fewer urgent cases found). scripts/run-local.sh
# publishes them as run "sample-last-night" before today's run, so that the sample's report has a
# history to show.
#
#   scripts/sample-last-night.sh target/sample-last-night
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DOMAIN_EVAL_HOME"
dir="${1:?usage: scripts/sample-last-night.sh DIR}"
mkdir -p "$dir"
# Columns: example_id,model,prediction,score (the sample has no quoted commas).
awk -F, -v OFS=, '
  NR > 1 && $2 == "ft-v1" && $3 == "urgent" { urgent++; if (urgent % 3 == 0) { $3 = "routine" } }
  { print }
' data-samples/predictions.csv > "$dir/predictions.csv"
echo "$dir/predictions.csv"
