package dev.domaineval.report.publish;

import org.apache.hadoop.fs.Path;

/**
 * A child JVM for {@link PublicationTest}: publishes a tagged version and halts the JVM (no
 * shutdown hooks, no finally blocks: as {@code kill -9} would) right before the named step.
 *
 * <p>Arguments: output root, run id, tag, step, and optionally {@code wait}: then it prints {@code
 * READY} at the step and waits to be terminated (SIGTERM) instead of halting.
 */
public final class PublishAndHalt {
  static final int KILLED = 137;

  private PublishAndHalt() {}

  public static void main(String[] args) {
    Path root = new Path(new java.io.File(args[0]).toURI());
    String step = args[3];
    Publication p =
        PublicationTest.begin(
            root,
            args[1],
            s -> {
              if (s.equals(step)) {
                if (args.length > 4 && args[4].equals("wait")) {
                  System.out.println("READY");
                  System.out.flush();
                  try {
                    Thread.sleep(600_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                Runtime.getRuntime().halt(KILLED);
              }
            });
    PublicationTest.publish(p, args[2]);
    System.exit(0);
  }
}
