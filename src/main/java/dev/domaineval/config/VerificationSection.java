package dev.domaineval.config;

/**
 * Keys {@code verify-with-mllib} and {@code verify-seed}: groups recomputed with MLlib at run time.
 *
 * @param groups the number of groups (0: off)
 * @param seed the seed of the choice of those groups
 */
record VerificationSection(int groups, long seed) {
  static VerificationSection read(Settings settings) {
    int groups = settings.integer("verify-with-mllib");
    if (groups < 0) {
      settings.invalid("verify-with-mllib", "expected 0 (off) or a positive number of groups");
    }
    return new VerificationSection(groups, settings.longInteger("verify-seed"));
  }
}
