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

JOB_JAR="$DOMAIN_EVAL_HOME/target/domain-eval.jar"
CLASSPATH_FILE="$DOMAIN_EVAL_HOME/target/spark-classpath.txt"

# Builds the job jar and writes the local classpath (Spark and its dependencies, which the jar
# leaves to the cluster) to $CLASSPATH_FILE.
build_job() {
  (cd "$DOMAIN_EVAL_HOME" && mvn -B -q -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=provided)
}
