package dev.domaineval.report.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive right of one attempt to write and publish a run id: a small file, {@code
 * _staging/run_id=<run-id>/_lease}, created exclusively (create-if-absent is atomic on HDFS, and on
 * a local disk through {@code O_EXCL}) and renewed by a heartbeat written into it.
 *
 * <p>A lease whose last heartbeat is older than its timeout belongs to a crashed attempt: the next
 * attempt takes it over by renaming it aside (one rename wins) and creating its own. A holder
 * checks, before it publishes, that the lease is still its own, so an attempt that stalled past its
 * timeout and was taken over never publishes over the one that took over.
 */
public final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

  /** The lease file's name inside the run's staging directory. */
  public static final String NAME = "_lease";

  private final FileSystem fs;
  private final Path path;
  private final String attempt;
  private final Duration timeout;
  private final Clock clock;
  private final Instant acquired;
  private final ScheduledExecutorService heartbeat;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();

  /** What a lease file says: its holder and its last heartbeat. */
  public record Holder(String attempt, String host, String pid, Instant acquired, Instant beat) {
    /** One line for messages. */
    public String describe() {
      return String.format(
          "attempt %s (host %s, process %s, started %s, last heartbeat %s)",
          attempt, host, pid, acquired, beat);
    }
  }

  /** Another live attempt holds the lease of this run id. */
  public static final class HeldException extends RuntimeException {
    private final Holder holder;

    HeldException(String message, Holder holder) {
      super(message);
      this.holder = holder;
    }

    public Holder holder() {
      return holder;
    }
  }

  private RunLease(
      FileSystem fs, Path path, String attempt, Duration timeout, Clock clock, Instant acquired) {
    this.fs = fs;
    this.path = path;
    this.attempt = attempt;
    this.timeout = timeout;
    this.clock = clock;
    this.acquired = acquired;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "domain-eval-lease-heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Takes the lease of a run, or throws {@link HeldException} naming the live holder.
   *
   * @param dir the run's staging directory, created if absent
   * @param timeout how long a lease without heartbeat stays valid; the heartbeat runs every fifth
   */
  public static RunLease acquire(
      FileSystem fs, Path dir, String runId, String attempt, Duration timeout, Clock clock) {
    Path path = new Path(dir, NAME);
    RunLease lease = new RunLease(fs, path, attempt, timeout, clock, clock.instant());
    try {
      for (int round = 0; round < 3; round++) {
        fs.mkdirs(dir);
        Instant now = clock.instant();
        if (createExclusively(fs, path, lease.content(now))) {
          lease.startHeartbeat();
          lease.releaseOnShutdown();
          LOG.info("Took the lease of run {}: {}", runId, Publication.masked(path));
          return lease;
        }
        Optional<Holder> holder = read(fs, path);
        if (holder.isEmpty()) {
          // Just created (its content not yet written), being rewritten, or just released.
          sleep(100);
          holder = read(fs, path);
        }
        if (holder.isEmpty()) {
          if (!fs.exists(path)) {
            continue;
          }
          holder = Optional.of(new Holder("(being created)", "?", "?", now, now));
        }
        Duration age = Duration.between(holder.get().beat(), now);
        if (age.compareTo(timeout) <= 0) {
          throw new HeldException(
              String.format(
                  "run %s is being written by another attempt: %s. Two attempts of one run id"
                      + " would replace each other's outputs, so this one stops before reading"
                      + " anything; nothing was written. Retry once that attempt has finished;"
                      + " if it crashed, its lease expires %s after its last heartbeat"
                      + " (output.lease-timeout) and the next attempt takes it over.",
                  runId, holder.get().describe(), timeout),
              holder.get());
        }
        // A crashed attempt's lease: rename it aside (only one taker's rename succeeds), then
        // create ours.
        Path aside = new Path(dir, NAME + ".expired-" + attempt);
        if (fs.rename(path, aside)) {
          LOG.warn(
              "Run {}: took over the expired lease of {} ({} without heartbeat, more than"
                  + " output.lease-timeout = {})",
              runId,
              holder.get().describe(),
              age,
              timeout);
          fs.delete(aside, false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot take the lease " + Publication.masked(path) + " of run " + runId, e);
    }
    throw new HeldException(
        "run " + runId + ": could not take its lease " + path + " after three tries", null);
  }

  /** The attempt holding this lease. */
  public String attempt() {
    return attempt;
  }

  /**
   * Checks that this attempt still holds the lease: called right before publishing.
   *
   * @throws HeldException when another attempt took it over (this one stalled past the timeout)
   */
  public void check() {
    Optional<Holder> holder;
    try {
      holder = read(fs, path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the lease " + path, e);
    }
    if (lost.get() || holder.isEmpty() || !holder.get().attempt().equals(attempt)) {
      throw new HeldException(
          String.format(
              "attempt %s lost the lease %s of its run (now %s): it stalled longer than"
                  + " output.lease-timeout = %s and another attempt took over; it does not"
                  + " publish.",
              attempt, path, holder.map(Holder::describe).orElse("no holder"), timeout),
          holder.orElse(null));
    }
  }

  /**
   * Releases the lease when the JVM shuts down before {@link #close()} (SIGTERM from a scheduler
   * that kills the task, {@code System.exit}), so that the scheduler's retry is not refused until
   * the lease expires. Runs before Hadoop closes its file systems. A kill -9 runs no hook: then the
   * lease expires after its timeout.
   */
  private void releaseOnShutdown() {
    org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(onShutdown, SHUTDOWN_PRIORITY);
  }

  /** Above the FileSystem cache's priority (10), so the file system is still open. */
  static final int SHUTDOWN_PRIORITY = 20;

  private final Runnable onShutdown = this::releaseAtShutdown;

  private void releaseAtShutdown() {
    if (!released.get()) {
      LOG.warn("The JVM is shutting down: releasing the lease {}", Publication.masked(path));
      release();
    }
  }

  /** Stops the heartbeat and deletes the lease if it is still this attempt's. */
  @Override
  public void close() {
    try {
      org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook(onShutdown);
    } catch (IllegalStateException e) {
      // Shutting down already: the hook releases it.
    }
    release();
  }

  private void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    heartbeat.shutdownNow();
    try {
      Optional<Holder> holder = read(fs, path);
      if (holder.isPresent() && holder.get().attempt().equals(attempt)) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      LOG.warn(
          "Could not release the lease {}; it expires after {}: {}",
          Publication.masked(path),
          timeout,
          Publication.maskedMessage(e));
    }
  }

  /** Reads a lease file; empty when it is absent or being rewritten. */
  static Optional<Holder> read(FileSystem fs, Path path) throws IOException {
    byte[] bytes;
    try (InputStream in = raw(fs).open(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      bytes = out.toByteArray();
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
    Properties p = new Properties();
    p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    String attempt = p.getProperty("attempt");
    String beat = p.getProperty("heartbeat");
    if (attempt == null || beat == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Holder(
            attempt,
            p.getProperty("host", "?"),
            p.getProperty("pid", "?"),
            Instant.parse(p.getProperty("acquired", beat)),
            Instant.parse(beat)));
  }

  private String content(Instant beat) {
    return "attempt="
        + attempt
        + "\nhost="
        + host()
        + "\npid="
        + ProcessHandle.current().pid()
        + "\nacquired="
        + acquired
        + "\nheartbeat="
        + beat
        + "\n";
  }

  private void startHeartbeat() {
    long every = Math.max(200, timeout.toMillis() / 5);
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** Rewrites the lease with a new heartbeat, unless another attempt took it over. */
  private void beat() {
    try {
      Optional<Holder> holder = read(fs, path);
      if (holder.isPresent() && !holder.get().attempt().equals(attempt)) {
        lost.set(true);
        LOG.error("Lost the lease {} to {}", Publication.masked(path), holder.get().describe());
        heartbeat.shutdown();
        return;
      }
      try (OutputStream out = raw(fs).create(path, true)) {
        out.write(content(clock.instant()).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Could not renew the lease {}: {}",
          Publication.masked(path),
          Publication.maskedMessage(e));
    }
  }

  /**
   * Creates the file only if it does not exist, atomically: {@code O_EXCL} on a local disk (whose
   * Hadoop create checks and creates in two steps), create without overwrite elsewhere (atomic on
   * HDFS; on object stores as atomic as their conditional writes).
   */
  private static boolean createExclusively(FileSystem fs, Path path, String content)
      throws IOException {
    FileSystem raw = raw(fs);
    if (raw instanceof RawLocalFileSystem local) {
      java.nio.file.Path file = local.pathToFile(path).toPath();
      try {
        Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (NoSuchFileException e) {
        return false;
      }
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return true;
    }
    try (OutputStream out = raw.create(path, false)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false;
      }
      throw e;
    }
  }

  /** The local file system without its checksum files, else the file system itself. */
  private static FileSystem raw(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
