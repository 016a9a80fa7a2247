#!/usr/bin/env bash
# A single-node HDFS on this machine (Hadoop's MiniDFSCluster, from the test classpath: no Hadoop
# installation), on the loopback interface. Data, pid file and log go to target/hdfs/; the data
# is formatted at each start.
#
#   scripts/hdfs.sh start     # prints the file system URI, e.g. hdfs://127.0.0.1:8020
#   scripts/hdfs.sh dfs -put data-samples /samples    # Hadoop's file system shell (hdfs dfs)
#   scripts/hdfs.sh dfs -ls -R /
#   scripts/hdfs.sh stop
#
# Needs 'mvn -B -DskipTests package' first (test classes and target/test-classpath.txt).
# Environment (optional): DOMAIN_EVAL_HDFS_PORT (8020), DOMAIN_EVAL_HDFS_DIR (target/hdfs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

dir="${DOMAIN_EVAL_HDFS_DIR:-$DOMAIN_EVAL_HOME/target/hdfs}"
port="${DOMAIN_EVAL_HDFS_PORT:-8020}"
classpath_file="$DOMAIN_EVAL_HOME/target/test-classpath.txt"

start() {
  [[ -f "$classpath_file" && -d "$DOMAIN_EVAL_HOME/target/test-classes" ]] ||
    die "$classpath_file or target/test-classes is missing: run 'mvn -B -DskipTests package' first."
  rm -f "$dir/uri"
  start_daemon "$dir" namenode java -Xmx512m \
    -cp "$DOMAIN_EVAL_HOME/target/test-classes:$(cat "$classpath_file")" \
    dev.domaineval.testing.MiniHdfs "$dir" "$port"
  local i
  for ((i = 0; i < 600; i++)); do
    [[ -f "$dir/uri" ]] && break
    if ! is_running "$dir" namenode; then
      tail -n 30 "$dir/namenode.log" >&2 || true
      die "HDFS stopped during start-up; its log is $dir/namenode.log"
    fi
    sleep 0.1
  done
  [[ -f "$dir/uri" ]] || die "HDFS did not start within 60 s; its log is $dir/namenode.log"
  # A client configuration for 'dfs' (Hadoop's shell insists on a core-site.xml).
  mkdir -p "$dir/conf"
  cat >"$dir/conf/core-site.xml" <<XML
<?xml version="1.0"?>
<configuration>
  <property><name>fs.defaultFS</name><value>$(cat "$dir/uri")</value></property>
</configuration>
XML
  cat "$dir/uri"
  echo "HDFS $(cat "$dir/uri") (data in $dir/data, log $dir/namenode.log)" >&2
}

dfs() {
  [[ -f "$dir/conf/core-site.xml" ]] && is_running "$dir" namenode ||
    die "HDFS is not running: scripts/hdfs.sh start"
  java -Xmx256m -cp "$dir/conf:$(cat "$classpath_file")" \
    org.apache.hadoop.fs.FsShell "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop_daemon "$dir" namenode ;;
  dfs) shift; dfs "$@" ;;
  *) die "usage: $0 start|stop|dfs ARGS..." ;;
esac
