package dev.domaineval.report.publish;

import org.apache.hadoop.fs.Path;

/**
 * A child JVM for {@link PublicationTest}: publishes a tagged version and halts the JVM (no
 * shutdown hooks, no finally blocks: as {@code kill -9} would) right before the named step.
 *
 * <p>Arguments: output root, run id, tag, step.
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
                Runtime.getRuntime().halt(KILLED);
              }
            });
    PublicationTest.publish(p, args[2]);
    System.exit(0);
  }
}
