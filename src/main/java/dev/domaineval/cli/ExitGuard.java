package dev.domaineval.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * Makes a JVM that exits before the run has finished exit with code 1, never 0: a {@code
 * System.exit(0)} called by code the run executes (a library, a plugin, a user-defined function),
 * an uncaught error, or a signal would otherwise end the process with a code a scheduler reads as
 * success, with nothing published.
 *
 * <p>A shutdown hook in Hadoop's {@link ShutdownHookManager}, which Spark and Hadoop's file systems
 * use too, at a lower priority than theirs, so that it runs after them: Spark stops its context and
 * the file systems close first. If the run has not finished by then, it says so on standard error
 * and halts the JVM with code 1 ({@link Runtime#halt} overrides the code {@code System.exit} was
 * called with).
 */
final class ExitGuard {
  /**
   * Below the FileSystem cache's hook ({@code FileSystem.SHUTDOWN_HOOK_PRIORITY}, 10) and Spark's
   * (30 above it): higher priorities run first.
   */
  static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY - 1;

  private final AtomicBoolean finished = new AtomicBoolean();

  private ExitGuard() {}

  /** Registers the guard: from now on, a JVM exit before {@link #finish} exits with code 1. */
  static ExitGuard start() {
    ExitGuard guard = new ExitGuard();
    ShutdownHookManager.get().addShutdownHook(guard::onShutdown, PRIORITY);
    return guard;
  }

  /** The run has finished and has its exit code: the JVM may exit with it. */
  void finish() {
    finished.set(true);
  }

  private void onShutdown() {
    if (!finished.get()) {
      System.err.println(
          "domain-eval: the JVM was asked to exit during the run (System.exit called by code the run"
              + " executed, an uncaught error or a signal), before the run finished; nothing more"
              + " is published and the exit code is "
              + EvaluationJob.FAILED
              + ".");
      System.err.flush();
      Runtime.getRuntime().halt(EvaluationJob.FAILED);
    }
  }
}
