#!/usr/bin/env bash
# Submits the job jar with spark-submit. The same line works for every kind of master:
#
#   scripts/submit.sh --master 'local[*]'               --config conf/sample.conf
#   scripts/submit.sh --master spark://127.0.0.1:7077   --config conf/sample.conf --run-id r1
#   scripts/submit.sh --master yarn --deploy-mode cluster --config conf/example-nightly.conf \
#     --run-id 2026-11-27 --conf spark.executor.memory=8g
#   scripts/submit.sh --master k8s://https://api.example:6443 --deploy-mode cluster \
#     --config conf/example-nightly.conf --run-id 2026-11-27 \
#     --conf spark.kubernetes.container.image=registry.example/spark:4.2.0
#
# Options:
#   --master URL          local[*], spark://HOST:PORT, yarn or k8s://URL (required)
#   --deploy-mode MODE    client (default: the driver runs here, and exit codes are the job's)
#                         or cluster (the driver runs in the cluster)
#   --config FILE         the job file; shipped to the driver with --files
#   --run-id ID           the run id (--set run-id=ID)
#   --conf KEY=VALUE      a Spark setting; repeatable
#   --jar FILE            the job jar (default: target/domain-eval.jar)
#   --print-command       prints the spark-submit command instead of running it
#   -- ARGS...            any further job arguments, e.g. -- --set findings.fail-on-gate=true
#
# spark-submit is $SPARK_HOME/bin/spark-submit of a Spark installation, or, where SPARK_HOME has
# only a jars/ folder (scripts/spark-home.sh makes one under target/spark-home, the default), a
# plain java start of org.apache.spark.deploy.SparkSubmit on those jars; there the driver's JVM
# options come from DOMAIN_EVAL_DRIVER_JAVA_OPTS (default -Xmx2g), and it logs as local runs do
# (conf/log4j2-local.properties: the job at INFO, Spark at WARN).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

master=""
deploy_mode="client"
config=""
run_id=""
jar="$JOB_JAR"
print_only=0
spark_conf=()
job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --master) master="${2:?--master needs a value}"; shift 2 ;;
    --deploy-mode) deploy_mode="${2:?--deploy-mode needs a value}"; shift 2 ;;
    --config) config="${2:?--config needs a value}"; shift 2 ;;
    --run-id) run_id="${2:?--run-id needs a value}"; shift 2 ;;
    --conf) spark_conf+=(--conf "${2:?--conf needs KEY=VALUE}"); shift 2 ;;
    --jar) jar="${2:?--jar needs a value}"; shift 2 ;;
    --print-command) print_only=1; shift ;;
    --) shift; job_args+=("$@"); break ;;
    *) die "unknown argument '$1' (see the comment at the top of $0; job arguments go after --)" ;;
  esac
done
[[ -n "$master" ]] || die "--master is required: local[*], spark://HOST:PORT, yarn or k8s://URL"
[[ -n "$config" ]] || die "--config is required, e.g. --config conf/sample.conf"
[[ -f "$config" ]] || die "job file '$config' not found (working directory $PWD)"
case "$deploy_mode" in
  client) job_config="$config" ;;
  # --files puts the job file into the driver's working directory on YARN and Kubernetes.
  cluster) job_config="$(basename "$config")" ;;
  *) die "--deploy-mode must be client or cluster, got '$deploy_mode'" ;;
esac
[[ -f "$jar" || $print_only -eq 1 ]] || die "job jar $jar not found: run 'mvn -B -DskipTests package'"

export SPARK_HOME="${SPARK_HOME:-$DEFAULT_SPARK_HOME}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"

# The driver's and the executors' JVMs get JIT_JAVA_OPTS (see lib.sh) after the options they
# already have: those given here with --conf, else those of the cluster's spark-defaults.conf, which
# a --conf of the same key would otherwise replace.
defaults_file="${SPARK_CONF_DIR:-$SPARK_HOME/conf}/spark-defaults.conf"
for side in driver executor; do
  key="spark.$side.extraJavaOptions"
  given=""
  for i in "${!spark_conf[@]}"; do
    if [[ "${spark_conf[$i]}" == "$key="* ]]; then
      given="${spark_conf[$i]#"$key="}"
      unset 'spark_conf[i]'
      unset 'spark_conf[i-1]'
    fi
  done
  if [[ -z "$given" && -f "$defaults_file" ]]; then
    given="$(sed -n -E "s/^[[:space:]]*${key//./\\.}[[:space:]=]+(.*)$/\1/p" "$defaults_file" | tail -n 1)"
  fi
  spark_conf+=(--conf "$key=${given:+$given }${JIT_JAVA_OPTS[*]}")
done
spark_conf=("${spark_conf[@]+"${spark_conf[@]}"}")
if [[ -x "$SPARK_HOME/bin/spark-submit" ]]; then
  submit=("$SPARK_HOME/bin/spark-submit")
elif [[ -d "$SPARK_HOME/jars" || $print_only -eq 1 ]]; then
  # shellcheck disable=SC2206 # the options are a space-separated list on purpose
  driver_opts=(-Dlog4j2.configurationFile="$DOMAIN_EVAL_HOME/conf/log4j2-local.properties"
    ${DOMAIN_EVAL_DRIVER_JAVA_OPTS:--Xmx2g})
  submit=(java "${SPARK_JAVA_OPTS[@]}" "${JIT_JAVA_OPTS[@]}" "${driver_opts[@]}" -cp "$SPARK_HOME/jars/*"
    org.apache.spark.deploy.SparkSubmit)
else
  die "no spark-submit: SPARK_HOME=$SPARK_HOME has neither bin/spark-submit nor jars/." \
    "Run scripts/spark-home.sh, or set SPARK_HOME to a Spark installation."
fi

args=(--set "run-id=$run_id")
[[ -n "$run_id" ]] || args=()
cmd=("${submit[@]}"
  --master "$master" --deploy-mode "$deploy_mode"
  --name "domain-eval${run_id:+ $run_id}"
  --class dev.domaineval.cli.EvaluationJob
  --files "$config"
  "${spark_conf[@]+"${spark_conf[@]}"}"
  "$jar" --config "$job_config" "${args[@]+"${args[@]}"}" "${job_args[@]+"${job_args[@]}"}")

if [[ $print_only -eq 1 ]]; then
  printf '%q ' "${cmd[@]}"
  echo
  exit 0
fi
exec "${cmd[@]}"
