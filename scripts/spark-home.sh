#!/usr/bin/env bash
# Makes a minimal Spark installation from Maven, without downloading a Spark distribution:
# target/spark-home/jars/ holds links to the Spark runtime jars of the local Maven repository
# (the same Spark the job is built against). That is all that Spark's Master, Worker and
# SparkSubmit need (scripts/cluster.sh and scripts/submit.sh use it).
#
#   scripts/spark-home.sh              # builds the job first (mvn package) if needed
#   scripts/spark-home.sh --no-build   # uses target/spark-classpath.txt as it is
#
# Prints the folder, for SPARK_HOME.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=1
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    *) die "unknown argument '$a'; usage: $0 [--no-build]" ;;
  esac
done

if [[ ! -f "$CLASSPATH_FILE" ]]; then
  [[ $build -eq 1 ]] || die "$CLASSPATH_FILE is missing: run 'mvn -B -DskipTests package' first."
  echo "Building the job jar and the Spark classpath (mvn package)..." >&2
  build_job
fi

home="$DEFAULT_SPARK_HOME"
rm -rf "$home/jars"
mkdir -p "$home/jars"
IFS=':' read -r -a jars <"$CLASSPATH_FILE" || true
for jar in "${jars[@]}"; do
  if [[ "$jar" == *.jar ]]; then
    ln -s "$jar" "$home/jars/$(basename "$jar")"
  fi
done
[[ -n "$(ls "$home/jars")" ]] || die "no jars in $CLASSPATH_FILE; rebuild with 'mvn -B -DskipTests package'."
echo "$home"
