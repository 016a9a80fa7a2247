#!/usr/bin/env bash
# A Spark standalone cluster on this machine: one master and two workers on the loopback
# interface, each a plain JVM on the Spark jars of SPARK_HOME (default: target/spark-home, made by
# scripts/spark-home.sh from Maven). Pid files and logs go to target/cluster/.
#
#   scripts/cluster.sh start     # prints the master URL, e.g. spark://127.0.0.1:7077
#   scripts/cluster.sh status
#   scripts/cluster.sh stop      # stops the workers (and their executors), then the master
#
# Environment (all optional):
#   SPARK_MASTER_PORT (7077), SPARK_MASTER_WEBUI_PORT (8080), SPARK_WORKER_CORES (1),
#   SPARK_WORKER_MEMORY (1g: one executor of the default 1g), DOMAIN_EVAL_WORKERS (2),
#   DOMAIN_EVAL_CLUSTER_DIR (target/cluster).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export SPARK_HOME="${SPARK_HOME:-$DEFAULT_SPARK_HOME}"
# Workers launch executors with SPARK_HOME/jars; without the Scala version they look for a
# source build ("Cannot find any build directories").
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
dir="${DOMAIN_EVAL_CLUSTER_DIR:-$DOMAIN_EVAL_HOME/target/cluster}"
port="${SPARK_MASTER_PORT:-7077}"
webui="${SPARK_MASTER_WEBUI_PORT:-8080}"
workers="${DOMAIN_EVAL_WORKERS:-2}"
cores="${SPARK_WORKER_CORES:-1}"
memory="${SPARK_WORKER_MEMORY:-1g}"
master_url="spark://$SPARK_LOCAL_IP:$port"

spark_java=(java "${SPARK_JAVA_OPTS[@]}" -Xmx256m -cp "$SPARK_HOME/jars/*")

start() {
  if [[ ! -d "$SPARK_HOME/jars" ]]; then
    if [[ "$SPARK_HOME" == "$DEFAULT_SPARK_HOME" ]]; then
      "$DOMAIN_EVAL_HOME/scripts/spark-home.sh" >/dev/null
    else
      die "SPARK_HOME=$SPARK_HOME has no jars/ folder. Unset it to use scripts/spark-home.sh."
    fi
  fi
  start_daemon "$dir" master "${spark_java[@]}" org.apache.spark.deploy.master.Master \
    --host "$SPARK_LOCAL_IP" --port "$port" --webui-port "$webui"
  wait_for_log "$dir" master "I have been elected leader|ALIVE" 60
  local i
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$dir/work-$i"
    start_daemon "$dir" "worker-$i" "${spark_java[@]}" org.apache.spark.deploy.worker.Worker \
      --host "$SPARK_LOCAL_IP" --cores "$cores" --memory "$memory" --webui-port 0 \
      --work-dir "$dir/work-$i" "$master_url"
  done
  for ((i = 1; i <= workers; i++)); do
    wait_for_log "$dir" "worker-$i" "Successfully registered with master" 60
  done
  echo "$master_url"
  echo "Spark master $master_url (web UI http://$SPARK_LOCAL_IP:$webui), $workers workers;" \
    "logs in $dir" >&2
}

stop() {
  local f name
  shopt -s nullglob
  for f in "$dir"/worker-*.pid; do
    name="$(basename "$f" .pid)"
    stop_daemon "$dir" "$name"
  done
  stop_daemon "$dir" master
}

status() {
  local f name rc=0
  shopt -s nullglob
  for f in "$dir"/master.pid "$dir"/worker-*.pid; do
    name="$(basename "$f" .pid)"
    if is_running "$dir" "$name"; then
      echo "$name: running (pid $(cat "$f"))"
    else
      echo "$name: not running"
      rc=1
    fi
  done
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|stop|status" ;;
esac
