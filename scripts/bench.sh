#!/usr/bin/env bash
# Benchmarks the job against the least work any Spark plan must do, on generated data.
#
#   scripts/bench.sh                                  # 1M examples x 2 models, 4 slice columns
#   scripts/bench.sh --examples 10000000              # the reference size
#   scripts/bench.sh --phases floor,job               # some phases only
#   scripts/bench.sh --scaling all                    # growth over rows, slice columns, models
#   scripts/bench.sh --no-build ...                   # skip the Maven build (jar and tools built)
#
# Options (each takes a value): --examples N (1000000), --models M (2), --slice-columns K (4),
# --seed S (42), --data DIR (target/bench-data), --work DIR (target/bench-work), --heap SIZE (2g,
# the driver heap of each phase), --master M (local[2]), --bootstrap R (100, for job-full),
# --phases LIST (floor,direct,job,job-scores,naive,duckdb; also job-full, and job-no-examples,
# job-scores-no-examples: the job without the examples table; job-no-discovery: without slice
# discovery; job-no-normalization: answers matched by trim and case-fold only, no invalid answers
# kept; job-no-sketches: neither the examples table nor the invalid answers), --naive-groups G
# (4), --job-set KEY=VALUE (one more job setting, e.g. a spark.conf key), --rounds R (1: run the phases R times in
# turn and report each phase's median round, each ratio's rounds and its CPU-time ratio), --scaling
# rows|slices|models|all|none (none), --scale-examples LIST (1000000,5000000,20000000).
#
# A data set is generated under --data when it is absent, and kept for the next run. Each phase
# runs in a fresh JVM; its log and measures are under --work/logs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DOMAIN_EVAL_HOME"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

build=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done

if [[ $build -eq 1 || ! -f "$JOB_JAR" || ! -f "$CLASSPATH_FILE" || ! -f "$TEST_CLASSPATH_FILE" ||
  ! -f "$TOOLS_CLASSES/dev/domaineval/bench/BenchRunner.class" ]]; then
  echo "Building the job jar (mvn package)..." >&2
  build_job
fi

# The benchmark's classes are not in the job jar: they come from $TOOLS_CLASSES, and need only
# Spark. Every phase runs with this class path, so the job phases run the job jar with Spark from
# Maven, as scripts/run-local.sh does (plus the probe); the duckdb phase adds its driver.
exec java "${SPARK_JAVA_OPTS[@]}" "${JIT_JAVA_OPTS[@]}" -Xmx256m \
  -Dlog4j2.configurationFile="$DOMAIN_EVAL_HOME/conf/log4j2-local.properties" \
  -cp "$JOB_JAR:$TOOLS_CLASSES:$(cat "$CLASSPATH_FILE")" \
  dev.domaineval.bench.BenchRunner "${args[@]+"${args[@]}"}"
