package dev.domaineval.config;

/** Section {@code findings}: thresholds of the pitfall rules, and whether a gate fails the run. */
final class FindingsSection {
  private FindingsSection() {}

  static FindingsSpec read(Settings settings) {
    return new FindingsSpec(
        settings.fraction("findings.accuracy-paradox.min-accuracy"),
        settings.fraction("findings.accuracy-paradox.max-recall"),
        settings.fraction("findings.one-sided-gain.tolerance"),
        settings.fraction("findings.max-invalid-rate"),
        settings.fraction("findings.overfitting.max-gap"),
        settings.string("findings.overfitting.train-split"),
        settings.fraction("findings.leakage.max-rate"),
        settings.bool("findings.fail-on-gate"));
  }
}
