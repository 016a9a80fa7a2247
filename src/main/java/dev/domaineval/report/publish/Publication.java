package dev.domaineval.report.publish;

import dev.domaineval.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at publishing a run: the protocol that keeps a run id's published outputs whole.
 *
 * <p>Layout under the output root {@code <root>}:
 *
 * <ul>
 *   <li>{@code <root>/<table>/run_id=<run-id>/}: a published table partition (also the report);
 *   <li>{@code <root>/_runs/run_id=<run-id>/}: the run's {@code summary.json} and its {@code
 *       _SUCCESS} marker, which say the run is complete;
 *   <li>{@code <root>/_staging/run_id=<run-id>/_lease}: the {@link RunLease} of the attempt that
 *       writes the run id; {@code <root>/_staging/run_id=<run-id>/attempt=<id>/}: that attempt's
 *       staged tables ({@code tables/}), its marker directory ({@code _marker/}), the old versions
 *       it replaced ({@code _replaced/}) and its publication journal ({@code _PUBLISH}).
 * </ul>
 *
 * <p>An attempt takes the lease first (a second live attempt of the run id is refused), then
 * recovers what earlier attempts left: a publication interrupted after its commit point is
 * completed (rolled forward), any other staging of the run id is deleted. It stages every table and
 * the complete marker directory ({@code summary.json} and {@code _SUCCESS}) under its attempt
 * directory, checks that they are all there and that it still holds the lease, then writes its
 * journal atomically (a temporary file renamed): the commit point. Publishing then moves the old
 * marker directory aside (the run id is no longer complete), swaps each table partition (the old
 * one moved aside first), and renames the new marker directory into place: summary and marker
 * appear together, last. Every step is idempotent, so the next attempt (or this one, after a
 * transient error) finishes an interrupted publication from its journal.
 *
 * <p>Hence: before the commit point a failure leaves the previous publication untouched; after it,
 * the new publication completes on the next attempt. A reader that treats a run as complete only
 * while its {@code _SUCCESS} exists never sees a mixture of two publications.
 */
public final class Publication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  /** The directory of run markers under the output root. */
  public static final String RUNS = "_runs";

  /** The directory of staging (and leases) under the output root. */
  public static final String STAGING = "_staging";

  /** The file name of a run's summary, next to its marker. */
  public static final String SUMMARY = "summary.json";

  /** The marker of a complete run. */
  public static final String SUCCESS = "_SUCCESS";

  static final String JOURNAL = "_PUBLISH";
  static final String TABLES = "tables";
  static final String MARKER = "_marker";
  static final String REPLACED = "_replaced";
  private static final String ATTEMPT_PREFIX = "attempt=";

  /**
   * A hook called before each step that changes the file system during publishing, by name: a seam
   * for fault-injection tests. Production code uses {@link #NONE}.
   */
  @FunctionalInterface
  public interface Steps {
    Steps NONE = step -> {};

    void before(String step) throws IOException;
  }

  private final FileSystem fs;
  private final Path root;
  private final String runId;
  private final RunLease lease;
  private final Path attemptDir;
  private final Steps steps;
  private boolean published;

  private Publication(
      FileSystem fs, Path root, String runId, RunLease lease, Path attemptDir, Steps steps) {
    this.fs = fs;
    this.root = root;
    this.runId = runId;
    this.lease = lease;
    this.attemptDir = attemptDir;
    this.steps = steps;
  }

  /**
   * Starts an attempt: takes the run id's lease and completes or removes what earlier attempts of
   * the run id left.
   *
   * @throws RunLease.HeldException when another live attempt holds the lease
   */
  public static Publication begin(
      FileSystem fs, Path root, String runId, Duration leaseTimeout, Clock clock, Steps steps) {
    String attempt =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
                .format(clock.instant().atOffset(ZoneOffset.UTC))
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    Path runDir = runStaging(root, runId);
    RunLease lease = RunLease.acquire(fs, runDir, runId, attempt, leaseTimeout, clock);
    try {
      recover(fs, root, runId, steps);
      Path attemptDir = new Path(runDir, ATTEMPT_PREFIX + attempt);
      fs.mkdirs(attemptDir);
      LOG.info("Run {}: attempt {} stages under {}", runId, attempt, masked(attemptDir));
      return new Publication(fs, root, runId, lease, attemptDir, steps);
    } catch (IOException | RuntimeException e) {
      lease.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("Cannot start publishing run " + runId + ": " + e, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Where a table (or a file directory such as the report) is staged by this attempt. */
  public Path stagedDir(String name) {
    return new Path(new Path(attemptDir, TABLES), name);
  }

  /** This attempt's directory. */
  public Path attemptDir() {
    return attemptDir;
  }

  /**
   * Publishes the staged directories with {@code summary.json} and {@code _SUCCESS}, following the
   * protocol above; returns each published directory, in the order given.
   *
   * @param names the staged directories (tables, then file directories such as the report)
   */
  public List<Path> publish(List<String> names, String summaryJson) {
    lease.check();
    try {
      Path marker = new Path(attemptDir, MARKER);
      steps.before("stage-summary");
      write(new Path(marker, SUMMARY), summaryJson);
      steps.before("stage-marker");
      write(new Path(marker, SUCCESS), "run_id=" + runId + "\n");
      for (String name : names) {
        if (!fs.exists(stagedDir(name))) {
          throw new IOException(
              "the staged output " + stagedDir(name) + " is missing; nothing was published");
        }
      }
      lease.check();
      steps.before("journal");
      Path tmp = new Path(attemptDir, JOURNAL + ".tmp");
      write(tmp, journal(names));
      rename(tmp, new Path(attemptDir, JOURNAL));
      LOG.info(
          "Run {}: committed the publication of {} (journal in {})",
          runId,
          names,
          masked(attemptDir));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot publish run " + runId + " under " + root + ": " + e.getMessage(), e);
    }
    try {
      rollForward(fs, root, runId, attemptDir, names, steps);
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format(
              "Publishing run %s under %s was interrupted after its commit point: %s. The"
                  + " previous publication is kept under %s; the next attempt of run %s"
                  + " completes this one before it starts. Until then the run has no %s marker.",
              runId, root, e.getMessage(), attemptDir, runId, SUCCESS),
          e);
    }
    published = true;
    List<Path> out = new ArrayList<>();
    names.forEach(n -> out.add(partition(root, n, runId)));
    try {
      steps.before("cleanup");
      fs.delete(attemptDir, true);
    } catch (IOException e) {
      LOG.warn(
          "Run {} is published; could not remove {}: {}",
          runId,
          masked(attemptDir),
          Secrets.maskText(e.toString()));
    }
    return out;
  }

  /**
   * Ends the attempt: when it did not publish, removes its staging unless its publication was
   * committed (then the next attempt completes it); releases the lease.
   */
  @Override
  public void close() {
    try {
      if (!published && fs.exists(attemptDir) && !fs.exists(new Path(attemptDir, JOURNAL))) {
        fs.delete(attemptDir, true);
        LOG.info("Run {}: removed the staging of attempt {}", runId, lease.attempt());
      }
    } catch (IOException e) {
      LOG.warn(
          "Could not remove the staging {}: {}",
          masked(attemptDir),
          Secrets.maskText(e.toString()));
    } finally {
      lease.close();
      removeIfEmpty(runStaging(root, runId));
      removeIfEmpty(new Path(root, STAGING));
    }
  }

  /** The directory of one table's run partition. */
  public static Path partition(Path root, String table, String runId) {
    return new Path(root, table + "/run_id=" + runId);
  }

  /** The directory holding a published run's {@code _SUCCESS} marker and summary. */
  public static Path markerDir(Path root, String runId) {
    return new Path(root, RUNS + "/run_id=" + runId);
  }

  /** The staging directory of a run id: its lease and its attempts. */
  public static Path runStaging(Path root, String runId) {
    return new Path(root, STAGING + "/run_id=" + runId);
  }

  /** Completes interrupted publications of the run id and removes its stale attempts. */
  private static void recover(FileSystem fs, Path root, String runId, Steps steps)
      throws IOException {
    Path runDir = runStaging(root, runId);
    if (!fs.exists(runDir)) {
      return;
    }
    for (FileStatus f : fs.listStatus(runDir)) {
      String name = f.getPath().getName();
      if (name.startsWith(RunLease.NAME + ".expired-")) {
        fs.delete(f.getPath(), false);
        continue;
      }
      if (!f.isDirectory() || !name.startsWith(ATTEMPT_PREFIX)) {
        continue;
      }
      Path journal = new Path(f.getPath(), JOURNAL);
      if (fs.exists(journal)) {
        List<String> names = readJournal(fs, journal);
        LOG.warn(
            "Run {}: completing the publication of {}, interrupted after its commit point",
            runId,
            name);
        rollForward(fs, root, runId, f.getPath(), names, steps);
      } else {
        LOG.info("Run {}: removing the staging of {}, which did not publish", runId, name);
      }
      fs.delete(f.getPath(), true);
    }
  }

  /** The idempotent publishing steps after the commit point. */
  private static void rollForward(
      FileSystem fs, Path root, String runId, Path attemptDir, List<String> names, Steps steps)
      throws IOException {
    Path newMarker = new Path(attemptDir, MARKER);
    if (!fs.exists(newMarker)) {
      return; // the marker is the last move: everything is in place
    }
    Path marker = markerDir(root, runId);
    Path replaced = new Path(attemptDir, REPLACED);
    if (fs.exists(marker)) {
      steps.before("unpublish-marker");
      moveAside(fs, marker, new Path(replaced, RUNS));
    }
    for (String name : names) {
      Path staged = new Path(new Path(attemptDir, TABLES), name);
      if (!fs.exists(staged)) {
        continue; // moved in already
      }
      Path target = partition(root, name, runId);
      if (fs.exists(target)) {
        steps.before("move-aside:" + name);
        moveAside(fs, target, new Path(replaced, name));
      }
      steps.before("move-in:" + name);
      fs.mkdirs(target.getParent());
      rename(fs, staged, target);
    }
    steps.before("publish-marker");
    fs.mkdirs(marker.getParent());
    rename(fs, newMarker, marker);
    LOG.info("Published run {} under {}: {}", runId, masked(root), names);
  }

  /** Moves an old version aside; when one is aside already, the one in place is not the old. */
  private static void moveAside(FileSystem fs, Path current, Path aside) throws IOException {
    if (fs.exists(aside)) {
      fs.delete(current, true);
      return;
    }
    fs.mkdirs(aside.getParent());
    rename(fs, current, aside);
  }

  private String journal(List<String> names) {
    StringBuilder b = new StringBuilder();
    b.append("run_id=").append(runId).append('\n');
    b.append("attempt=").append(lease.attempt()).append('\n');
    names.forEach(n -> b.append("output=").append(n).append('\n'));
    return b.toString();
  }

  private static List<String> readJournal(FileSystem fs, Path journal) throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = fs.open(journal)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("output=")) {
          names.add(line.substring("output=".length()));
        }
      }
    }
    return names;
  }

  private void write(Path path, String content) throws IOException {
    try (OutputStream out = fs.create(path, false)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void rename(Path from, Path to) throws IOException {
    rename(fs, from, to);
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " returned false");
    }
  }

  /** A path as messages show it: without credentials ({@link Secrets#maskText}). */
  public static String masked(Path path) {
    return Secrets.maskText(path.toString());
  }

  /** An exception's text as messages show it: without credentials. */
  static String maskedMessage(Exception e) {
    return Secrets.maskText(e.toString());
  }

  private void removeIfEmpty(Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      LOG.debug("Could not remove {}", dir, e);
    }
  }
}
