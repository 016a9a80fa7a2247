#!/usr/bin/env bash
# Regenerates the sample data set with dev.domaineval.sample.SampleGenerator (src/tools/java, not in
# the job jar). The same seed and size give byte-identical files.
#
#   scripts/generate-sample.sh                               # data-samples/: 2,000 examples, seed 42
#   scripts/generate-sample.sh DIR [--examples N] [--seed S] # another size or seed, into DIR
#   scripts/generate-sample.sh --no-build ...                # skip the Maven build (tools compiled)
#
# DIR is relative to the project root. Exit codes are the generator's: 0 written, 2 bad arguments,
# 1 the files could not be written.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DOMAIN_EVAL_HOME"

build=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done
# The output directory is the one argument that is neither an option nor an option's value.
has_dir=0
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --examples | --seed) i=$((i + 1)) ;;
    --*) ;;
    *) has_dir=1 ;;
  esac
done
if [[ $has_dir -eq 0 ]]; then
  args=(data-samples "${args[@]+"${args[@]}"}")
fi

if [[ $build -eq 1 || ! -f "$TOOLS_CLASSES/dev/domaineval/sample/SampleGenerator.class" ]]; then
  echo "Compiling the sample generator (mvn test-compile)..." >&2
  mvn -B -q test-compile
fi

# The generator uses the JDK only.
exec java -cp "$TOOLS_CLASSES" dev.domaineval.sample.SampleGenerator "${args[@]}"
