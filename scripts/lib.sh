# Shared by the scripts in this folder; source it, don't run it.

# The project root, whatever the caller's working directory.
DOMAIN_EVAL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The module options that spark-submit adds on Java 17 (Spark's JavaModuleOptions). A plain
# `java` start of Spark needs them; keep this list and <spark.java.options> in pom.xml the same.
SPARK_JAVA_OPTS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)

# Lets HotSpot's JIT compile methods of more than 8,000 bytes of bytecode. Spark generates one
# method for the pass's example rows and their count; with more than two models, or many slices,
# it passes that size, and HotSpot would run it interpreted, 2 to 3 times slower (see the README,
# "Spark settings that matter"). Given to every JVM that runs the job: the local one, and the
# driver and executors of a cluster through scripts/submit.sh.
JIT_JAVA_OPTS=(-XX:-DontCompileHugeMethods)

JOB_JAR="$DOMAIN_EVAL_HOME/target/domain-eval.jar"
CLASSPATH_FILE="$DOMAIN_EVAL_HOME/target/spark-classpath.txt"
# The tools that are not in the job jar (src/tools/java: the benchmark, the sample generator),
# compiled with the tests, and the test classpath (with the DuckDB driver of the benchmark).
TOOLS_CLASSES="$DOMAIN_EVAL_HOME/target/test-classes"
TEST_CLASSPATH_FILE="$DOMAIN_EVAL_HOME/target/test-classpath.txt"

# Builds the job jar and writes the local classpath (Spark and its dependencies, which the jar
# leaves to the cluster) to $CLASSPATH_FILE. The same build compiles the tests and the tools into
# $TOOLS_CLASSES and writes $TEST_CLASSPATH_FILE.
build_job() {
  (cd "$DOMAIN_EVAL_HOME" && mvn -B -q -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=provided)
}

# Where the minimal Spark installation (scripts/spark-home.sh) lives unless SPARK_HOME is set.
DEFAULT_SPARK_HOME="$DOMAIN_EVAL_HOME/target/spark-home"

# Prints a message to stderr and exits with 2 (bad usage or a missing prerequisite).
die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Starts a background daemon: start_daemon DIR NAME COMMAND... writes DIR/NAME.pid and logs to
# DIR/NAME.log. Refuses to start a second copy while the first one runs.
start_daemon() {
  local dir="$1" name="$2"
  shift 2
  mkdir -p "$dir"
  if is_running "$dir" "$name"; then
    die "$name already runs (pid $(cat "$dir/$name.pid")); stop it first."
  fi
  nohup "$@" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

# True when DIR/NAME.pid names a live process.
is_running() {
  local pidfile="$1/$2.pid"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# Stops a daemon started by start_daemon: SIGTERM, then SIGKILL after 20 s.
stop_daemon() {
  local dir="$1" name="$2" pid i
  if ! is_running "$dir" "$name"; then
    rm -f "$dir/$name.pid"
    return 0
  fi
  pid="$(cat "$dir/$name.pid")"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$name (pid $pid) ignored SIGTERM for 20 s; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/$name.pid"
}

# Waits until FILE contains PATTERN (a grep -E expression), or fails after SECONDS, showing the
# end of the log. The daemon's pid file is checked too, so a crash fails fast.
wait_for_log() {
  local dir="$1" name="$2" pattern="$3" seconds="$4" i
  for ((i = 0; i < seconds * 10; i++)); do
    if grep -qE "$pattern" "$dir/$name.log" 2>/dev/null; then
      return 0
    fi
    if ! is_running "$dir" "$name"; then
      tail -n 30 "$dir/$name.log" >&2 || true
      die "$name stopped during start-up; its log is $dir/$name.log"
    fi
    sleep 0.1
  done
  tail -n 30 "$dir/$name.log" >&2 || true
  die "$name did not start within $seconds s; its log is $dir/$name.log"
}
