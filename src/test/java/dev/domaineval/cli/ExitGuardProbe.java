package dev.domaineval.cli;

import org.apache.hadoop.util.ShutdownHookManager;

/**
 * A stand-in for the job's {@code main}, run in a child JVM by {@link ExitGuardIT}: starts the
 * guard, registers a hook where Spark registers its own, and then either exits in the middle of the
 * "run" or finishes it with the given code.
 */
final class ExitGuardProbe {
  /** Where Spark's shutdown hooks run in Hadoop's manager: FileSystem's priority + 30. */
  private static final int SPARK_PRIORITY = 40;

  private ExitGuardProbe() {}

  /**
   * @param args {@code exit-during-run <code>}: calls {@code System.exit(code)} before the run has
   *     finished; {@code finish <code>}: finishes the run, then exits with the code
   */
  public static void main(String[] args) {
    ExitGuard guard = ExitGuard.start();
    ShutdownHookManager.get()
        .addShutdownHook(() -> System.err.println("probe: spark's hooks ran"), SPARK_PRIORITY);
    int code = Integer.parseInt(args[1]);
    if (args[0].equals("exit-during-run")) {
      // What reflect('java.lang.System', 'exit', 0) in a slice expression did.
      System.exit(code);
    }
    guard.finish();
    System.exit(code);
  }
}
