#!/usr/bin/env bash
# Runs the job in Spark's local mode, without a Spark installation: Spark comes from Maven.
#
#   scripts/run-local.sh                        # the shipped sample: conf/sample.conf, two nights
#   scripts/run-local.sh --config my.conf --set run-id=2026-11-27
#   scripts/run-local.sh --no-build ...         # skip the Maven build (jar already built)
#
# Any argument is passed to the job (see --help). Exit codes are the job's.
#
# Without a --config, the sample is published as two nightly runs under target/sample-output, so
# that its report has a history: first "sample-last-night", an earlier checkpoint of ft-v1 (every
# third example it now calls "urgent" it then called "routine"; made from data-samples by
# scripts/sample-last-night.sh), unless that run is already published; then "sample", today's.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DOMAIN_EVAL_HOME"
# Local mode needs no network: keep Spark on the loopback interface.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

build=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done
has_config=0
for a in "${args[@]+"${args[@]}"}"; do
  case "$a" in -c|--config|--config=*|-h|--help|-V|--version) has_config=1 ;; esac
done
if [[ $has_config -eq 0 ]]; then
  args=(--config conf/sample.conf "${args[@]+"${args[@]}"}")
fi

if [[ $build -eq 1 || ! -f "$JOB_JAR" || ! -f "$CLASSPATH_FILE" ]]; then
  echo "Building the job jar (mvn package)..." >&2
  build_job
fi

run_job() {
  java "${SPARK_JAVA_OPTS[@]}" "${JIT_JAVA_OPTS[@]}" ${DOMAIN_EVAL_JAVA_OPTS:--Xmx2g} \
    -Dlog4j2.configurationFile="$DOMAIN_EVAL_HOME/conf/log4j2-local.properties" \
    -cp "$JOB_JAR:$(cat "$CLASSPATH_FILE")" \
    dev.domaineval.cli.EvaluationJob "$@"
}

if [[ $has_config -eq 0 && ! -f target/sample-output/_runs/run_id=sample-last-night/_SUCCESS ]]; then
  echo "Publishing last night's run of the sample first (sample-last-night), for the history..." >&2
  last_night="$(scripts/sample-last-night.sh target/sample-last-night)"
  run_job "${args[@]}" --set run-id=sample-last-night \
    --set "input.predictions.path=\"$last_night\"" > target/sample-last-night/run.log 2>&1 || {
    cat target/sample-last-night/run.log >&2
    exit 1
  }
fi
run_job "${args[@]}"
