package dev.domaineval.report.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publishing protocol on a local file system: every step failed in turn, every step killed in
 * turn (a child JVM halted there), concurrent attempts, expired leases, run ids that are prefixes
 * of each other. A publication is a set of directories each holding a file with a version tag and a
 * summary with the same tag, so a mixture of two publications shows.
 */
class PublicationTest {
  static final List<String> OUTPUTS = List.of("confusion", "metrics", "report");
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir java.nio.file.Path dir;

  static FileSystem fs() {
    try {
      return FileSystem.getLocal(new Configuration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages every output with the tag and publishes it; returns the published directories. */
  static List<Path> publish(Publication p, String tag) {
    stage(p, tag);
    return p.publish(OUTPUTS, "{\"tag\":\"" + tag + "\"}");
  }

  static void stage(Publication p, String tag) {
    try {
      for (String name : OUTPUTS) {
        try (var out = fs().create(new Path(p.stagedDir(name), "part-0"), false)) {
          out.write(tag.getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Publication begin(Path root, String runId, Publication.Steps steps) {
    return Publication.begin(fs(), root, runId, TIMEOUT, Clock.systemUTC(), steps);
  }

  /**
   * What a reader sees of a run: empty when it has no marker; else the tag every output and the
   * summary agree on (fails the test when they do not).
   */
  static Optional<String> visible(java.nio.file.Path root, String runId) throws IOException {
    java.nio.file.Path marker = root.resolve("_runs/run_id=" + runId);
    if (!Files.exists(marker.resolve("_SUCCESS"))) {
      return Optional.empty();
    }
    String summary = Files.readString(marker.resolve("summary.json"));
    String tag = summary.replaceAll(".*\"tag\":\"([^\"]*)\".*", "$1");
    for (String name : OUTPUTS) {
      java.nio.file.Path part = root.resolve(name + "/run_id=" + runId + "/part-0");
      assertThat(part).as("%s of the run %s under its marker", name, runId).exists();
      assertThat(Files.readString(part)).as("%s's version under the marker", name).isEqualTo(tag);
    }
    return Optional.of(tag);
  }

  /** The step names of a publication that replaces an earlier one, in order. */
  static List<String> stepsOfAReplacement(java.nio.file.Path scratch) {
    Path root = new Path(scratch.toUri());
    try (Publication p = begin(root, "run", Publication.Steps.NONE)) {
      publish(p, "v1");
    }
    List<String> steps = new ArrayList<>();
    try (Publication p = begin(root, "run", steps::add)) {
      publish(p, "v2");
    }
    return steps;
  }

  @Test
  void publishesEveryOutputWithItsSummaryAndLeavesNoStaging() throws IOException {
    Path root = new Path(dir.toUri());
    try (Publication p = begin(root, "r1", Publication.Steps.NONE)) {
      assertThat(publish(p, "v1"))
          .containsExactly(
              Publication.partition(root, "confusion", "r1"),
              Publication.partition(root, "metrics", "r1"),
              Publication.partition(root, "report", "r1"));
    }
    assertThat(visible(dir, "r1")).contains("v1");
    assertThat(dir.resolve("_staging")).doesNotExist();
    try (Publication p = begin(root, "r1", Publication.Steps.NONE)) {
      publish(p, "v2");
    }
    assertThat(visible(dir, "r1")).contains("v2");
    assertThat(dir.resolve("_staging")).doesNotExist();
  }

  @Test
  void aFailureAtEachStepLeavesThePreviousPublicationOrCompletesTheNewOne() throws IOException {
    List<String> steps = stepsOfAReplacement(dir.resolve("scratch"));
    assertThat(steps)
        .containsSubsequence(
            "stage-summary",
            "stage-marker",
            "journal",
            "unpublish-marker",
            "move-aside:confusion",
            "move-in:confusion",
            "move-aside:report",
            "move-in:report",
            "publish-marker",
            "cleanup");
    int journal = steps.indexOf("journal");
    for (int k = 0; k < steps.size(); k++) {
      String failing = steps.get(k);
      java.nio.file.Path out = dir.resolve("fail-" + k);
      Path root = new Path(out.toUri());
      try (Publication p = begin(root, "run", Publication.Steps.NONE)) {
        publish(p, "v1");
      }
      Publication.Steps failAt =
          step -> {
            if (step.equals(failing)) {
              throw new IOException("injected failure at " + step);
            }
          };
      boolean failed = false;
      try (Publication p = begin(root, "run", failAt)) {
        publish(p, "v2");
      } catch (UncheckedIOException e) {
        failed = true;
        assertThat(e).hasMessageContaining("injected failure at " + failing);
      }
      // Failing before the commit point leaves the previous publication; after it, a reader
      // sees the previous one, none (between the marker's removal and its return) or the new
      // one, never a marker over a mixture (visible checks that).
      Optional<String> seen = visible(out, "run");
      if (k <= journal) {
        assertThat(seen).as("failure at %s", failing).contains("v1");
      } else if (failing.equals("cleanup")) {
        assertThat(failed).isFalse();
        assertThat(seen).contains("v2");
      } else {
        assertThat(seen)
            .as("failure at %s", failing)
            .isIn(Optional.of("v1"), Optional.empty(), Optional.of("v2"));
      }
      // The next attempt completes (after the commit point) or discards (before it).
      try (Publication next = begin(root, "run", Publication.Steps.NONE)) {
        assertThat(next.attemptDir()).isNotNull();
      }
      assertThat(visible(out, "run"))
          .as("after the next attempt, failure at %s", failing)
          .contains(k <= journal ? "v1" : "v2");
      assertThat(out.resolve("_staging")).as("failure at %s", failing).doesNotExist();
      assertThat(listTree(out))
          .as("no old version is left beside the published one")
          .noneMatch(p -> p.contains("_replaced"));
    }
  }

  @Test
  void aKillAtEachStepLeavesThePreviousPublicationOrTheNextAttemptCompletesTheNewOne()
      throws Exception {
    List<String> steps = stepsOfAReplacement(dir.resolve("scratch"));
    int journal = steps.indexOf("journal");
    for (int k = 0; k < steps.size(); k++) {
      String killed = steps.get(k);
      java.nio.file.Path out = dir.resolve("kill-" + k);
      Path root = new Path(out.toUri());
      try (Publication p = begin(root, "run", Publication.Steps.NONE)) {
        publish(p, "v1");
      }
      Process child = publishAndHalt(dir.resolve("kill-" + k + ".log"), out.toString(), killed);
      assertThat(child.waitFor())
          .as("exit of the child killed at %s: %s", killed, log(k))
          .isEqualTo(PublishAndHalt.KILLED);
      Optional<String> seen = visible(out, "run");
      if (k <= journal) {
        assertThat(seen).as("killed at %s", killed).contains("v1");
      } else {
        assertThat(seen)
            .as("killed at %s", killed)
            .isIn(Optional.of("v1"), Optional.empty(), Optional.of("v2"));
      }
      // The killed attempt's lease is live (its heartbeat stopped just now): refused.
      assertThatThrownBy(() -> begin(root, "run", Publication.Steps.NONE))
          .isInstanceOf(RunLease.HeldException.class)
          .hasMessageContaining("run run is being written by another attempt");
      // Once it has expired, the next attempt takes it over and recovers.
      Clock later = Clock.offset(Clock.systemUTC(), TIMEOUT.multipliedBy(2));
      try (Publication next =
          Publication.begin(fs(), root, "run", TIMEOUT, later, Publication.Steps.NONE)) {
        assertThat(next.attemptDir()).isNotNull();
      }
      assertThat(visible(out, "run"))
          .as("after the next attempt, killed at %s", killed)
          .contains(k <= journal ? "v1" : "v2");
      assertThat(out.resolve("_staging")).as("killed at %s", killed).doesNotExist();
    }
  }

  @Test
  void anAttemptTerminatedBySigtermReleasesItsLeaseSoTheRetryRunsAtOnce() throws Exception {
    Path root = new Path(dir.toUri());
    try (Publication p = begin(root, "run", Publication.Steps.NONE)) {
      publish(p, "v1");
    }
    java.nio.file.Path log = dir.resolve("term.log");
    Process child = publishAndHalt(log, dir.toString(), "journal", "wait");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!Files.readString(log).contains("READY") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(dir.resolve("_staging/run_id=run/_lease")).as(Files.readString(log)).exists();
    child.destroy(); // SIGTERM, as a scheduler that kills the task sends
    child.waitFor();
    assertThat(dir.resolve("_staging/run_id=run/_lease"))
        .as("lease after SIGTERM: %s", Files.readString(log))
        .doesNotExist();
    assertThat(visible(dir, "run")).contains("v1");
    try (Publication retry = begin(root, "run", Publication.Steps.NONE)) {
      publish(retry, "v3");
    }
    assertThat(visible(dir, "run")).contains("v3");
    assertThat(dir.resolve("_staging")).doesNotExist();
  }

  @Test
  void aSecondLiveAttemptIsRefusedAndTheFirstPublishes() throws IOException {
    Path root = new Path(dir.toUri());
    try (Publication first = begin(root, "nightly", Publication.Steps.NONE)) {
      stage(first, "first");
      assertThatThrownBy(() -> begin(root, "nightly", Publication.Steps.NONE))
          .isInstanceOf(RunLease.HeldException.class)
          .hasMessageContaining("run nightly is being written by another attempt")
          .hasMessageContaining("Retry once that attempt has finished");
      first.publish(OUTPUTS, "{\"tag\":\"first\"}");
    }
    assertThat(visible(dir, "nightly")).contains("first");
  }

  @Test
  void attemptsStartedTogetherEndWithOnePublicationAndRefusals() throws Exception {
    Path root = new Path(dir.toUri());
    int attempts = 6;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      String tag = "t" + i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                try (Publication p = begin(root, "same", Publication.Steps.NONE)) {
                  publish(p, tag);
                  return tag;
                } catch (RunLease.HeldException e) {
                  return "refused";
                }
              }));
    }
    start.countDown();
    List<String> outcomes = new ArrayList<>();
    for (Future<String> f : results) {
      outcomes.add(f.get());
    }
    pool.shutdown();
    List<String> published = outcomes.stream().filter(o -> !o.equals("refused")).toList();
    // Each attempt that got the lease published whole; at least one did, and the visible run
    // is the last of them.
    assertThat(published).isNotEmpty();
    assertThat(visible(dir, "same")).isPresent();
    assertThat(published).contains(visible(dir, "same").get());
    assertThat(dir.resolve("_staging")).doesNotExist();
  }

  @Test
  void runIdsThatArePrefixesOfEachOtherDoNotInterfere() throws IOException {
    Path root = new Path(dir.toUri());
    try (Publication rerun = begin(root, "nightly-rerun", Publication.Steps.NONE)) {
      stage(rerun, "rerun");
      try (Publication nightly = begin(root, "nightly", Publication.Steps.NONE)) {
        publish(nightly, "nightly");
      }
      // A stale attempt of another run id is not this run's either.
      assertThat(rerun.stagedDir("metrics")).satisfies(p -> assertThat(fs().exists(p)).isTrue());
      rerun.publish(OUTPUTS, "{\"tag\":\"rerun\"}");
    }
    assertThat(visible(dir, "nightly")).contains("nightly");
    assertThat(visible(dir, "nightly-rerun")).contains("rerun");
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsHolderDoesNotPublish() throws IOException {
    Path root = new Path(dir.toUri());
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    Duration timeout = Duration.ofSeconds(10);
    try (Publication stalled =
        Publication.begin(fs(), root, "r", timeout, clock, Publication.Steps.NONE)) {
      stage(stalled, "stalled");
      Clock later = Clock.fixed(clock.now.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
      try (Publication next =
          Publication.begin(fs(), root, "r", timeout, later, Publication.Steps.NONE)) {
        publish(next, "next");
      }
      assertThatThrownBy(() -> stalled.publish(OUTPUTS, "{\"tag\":\"stalled\"}"))
          .isInstanceOf(RunLease.HeldException.class)
          .hasMessageContaining("lost the lease");
    }
    assertThat(visible(dir, "r")).contains("next");
  }

  @Test
  void aMissingStagedOutputPublishesNothing() throws IOException {
    Path root = new Path(dir.toUri());
    try (Publication p = begin(root, "r", Publication.Steps.NONE)) {
      publish(p, "v1");
    }
    try (Publication p = begin(root, "r", Publication.Steps.NONE)) {
      stage(p, "v2");
      List<String> more = new ArrayList<>(OUTPUTS);
      more.add("verdicts");
      assertThatThrownBy(() -> p.publish(more, "{\"tag\":\"v2\"}"))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("verdicts is missing; nothing was published");
    }
    assertThat(visible(dir, "r")).contains("v1");
    assertThat(dir.resolve("_staging")).doesNotExist();
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private String log(int k) throws IOException {
    return Files.readString(dir.resolve("kill-" + k + ".log"));
  }

  /**
   * Starts {@link PublishAndHalt} publishing v2 of run "run" under the root, stopping at a step.
   */
  private static Process publishAndHalt(java.nio.file.Path log, String root, String... stepAndMode)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                PublishAndHalt.class.getName(),
                root,
                "run",
                "v2"));
    command.addAll(List.of(stepAndMode));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  private static List<String> listTree(java.nio.file.Path root) throws IOException {
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      return files.map(p -> root.relativize(p).toString()).toList();
    }
  }
}
