package dev.domaineval.config;

/** Section {@code output}: the root of the output tables. */
final class OutputSection {
  private OutputSection() {}

  /** {@code output.path}: any Hadoop path. */
  static String read(Settings settings) {
    String output = settings.string("output.path");
    if (output.isBlank()) {
      settings.invalid(
          "output.path",
          "no output path is set. Set it to a directory (local, hdfs:// or s3a://), e.g."
              + " output.path = \"/data/domain-eval\"");
    }
    return output;
  }
}
