package dev.domaineval.testing;

import dev.domaineval.cli.EvaluationJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the real entry point ({@link EvaluationJob}, argument parsing and exit-code mapping
 * included) in this JVM on the shared session, capturing what it prints.
 *
 * @param exitCode the code {@code main} would exit with
 * @param out what the job printed on standard output
 * @param err what the job printed on standard error
 */
public record JobRun(int exitCode, String out, String err) {

  /** Runs the job with these arguments; the shared session is not stopped. */
  public static synchronized JobRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int code = EvaluationJob.run(new EvaluationJob(config -> SharedSpark.session(), false), args);
      return new JobRun(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
