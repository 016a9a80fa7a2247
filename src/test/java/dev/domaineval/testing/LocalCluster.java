package dev.domaineval.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A Spark standalone cluster (master and two workers) and an HDFS on this machine, started and
 * stopped through {@code scripts/cluster.sh} and {@code scripts/hdfs.sh} exactly as the README
 * says, on free ports, with their pid files and logs under {@code target/it-cluster/}. Jobs go to
 * it through {@code scripts/submit.sh} (client deploy mode: the driver is a separate JVM, and its
 * exit code is the job's).
 */
public final class LocalCluster implements AutoCloseable {
  private final Path project;
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private String masterUrl;
  private URI hdfs;

  private LocalCluster(Path project) {
    this.project = project;
    this.dir = project.resolve("target/it-cluster");
  }

  /** Starts HDFS, then the Spark cluster; stops what started if the rest fails. */
  public static LocalCluster start() throws IOException, InterruptedException {
    Path project = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
    LocalCluster c = new LocalCluster(project);
    c.env.put("DOMAIN_EVAL_CLUSTER_DIR", c.dir.resolve("spark").toString());
    c.env.put("DOMAIN_EVAL_HDFS_DIR", c.dir.resolve("hdfs").toString());
    c.env.put("DOMAIN_EVAL_HDFS_PORT", Integer.toString(freePort()));
    c.env.put("SPARK_MASTER_PORT", Integer.toString(freePort()));
    c.env.put("SPARK_MASTER_WEBUI_PORT", Integer.toString(freePort()));
    c.env.put("SPARK_LOCAL_IP", "127.0.0.1");
    try {
      c.hdfs = URI.create(c.script("hdfs.sh", "start"));
      c.script("spark-home.sh", "--no-build");
      c.masterUrl = c.script("cluster.sh", "start");
      return c;
    } catch (IOException | RuntimeException | InterruptedException e) {
      c.close();
      throw e;
    }
  }

  /** The master's URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return masterUrl;
  }

  /** A fully qualified HDFS path, e.g. {@code hdfs://127.0.0.1:PORT/out}. */
  public String hdfs(String absolutePath) {
    return hdfs.resolve(absolutePath).toString();
  }

  /** A client of the HDFS, owned by the caller. */
  public FileSystem fileSystem() throws IOException {
    return FileSystem.newInstance(hdfs, new Configuration());
  }

  /** The project's folder (the working directory of the scripts). */
  public Path project() {
    return project;
  }

  /** A submission that runs in the background; its output goes to a log file. */
  public record Submission(Process process, Path log) {
    /** Waits for the end of the driver and returns its exit code. */
    public int waitFor(long minutes) throws InterruptedException {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("The submission did not end within " + minutes + " min");
      }
      return process.exitValue();
    }

    public String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Starts {@code scripts/submit.sh --master <this cluster> ARGS} in the background.
   *
   * @param driverJavaOptions JVM options of the driver (the submitting JVM in client mode)
   */
  public Submission submit(String name, String driverJavaOptions, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(project.resolve("scripts/submit.sh").toString());
    cmd.add("--master");
    cmd.add(masterUrl);
    cmd.addAll(args);
    Path log = dir.resolve("submit-" + name + ".log");
    Files.createDirectories(dir);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("DOMAIN_EVAL_DRIVER_JAVA_OPTS", driverJavaOptions);
    return new Submission(pb.start(), log);
  }

  /** Stops the Spark cluster and HDFS (each stop is harmless when it did not start). */
  @Override
  public void close() {
    try {
      script("cluster.sh", "stop");
    } catch (IOException | RuntimeException | InterruptedException e) {
      System.err.println("LocalCluster: stopping Spark failed: " + e);
    }
    try {
      script("hdfs.sh", "stop");
    } catch (IOException | RuntimeException | InterruptedException e) {
      System.err.println("LocalCluster: stopping HDFS failed: " + e);
    }
  }

  /** Runs a script of scripts/ to its end and returns the last line it printed on stdout. */
  private String script(String name, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(project.resolve("scripts/" + name).toString());
    cmd.addAll(List.of(args));
    Files.createDirectories(dir);
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(project.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("scripts/" + name + " did not end within 3 min");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "scripts/"
              + name
              + " "
              + String.join(" ", args)
              + " exited with "
              + p.exitValue()
              + ": "
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1].trim();
  }

  /** A TCP port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
