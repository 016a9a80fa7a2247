package dev.domaineval.config;

import com.typesafe.config.ConfigException;

/** Section {@code scores}: how score metrics are bucketed and drawn. */
final class ScoresSection {
  private ScoresSection() {}

  static ScoresSpec read(Settings settings) {
    ScoresSpec scores =
        new ScoresSpec(
            resolution(settings, "scores.resolution"),
            resolution(settings, "scores.slice-resolution"),
            settings.integer("scores.curve-points"),
            settings.integer("scores.slice-curve-points"),
            settings.integer("scores.calibration-bins"));
    if (scores.resolution() > scores.sliceResolution()) {
      settings.invalid(
          "scores.slice-resolution",
          "slice histograms cannot be finer than the domain-level ones (scores.resolution = "
              + scores.resolution()
              + "). Use a width >= scores.resolution, such as 1e-2");
    }
    if (scores.curvePoints() < 2) {
      settings.invalid("scores.curve-points", "expected at least 2 points per curve, such as 200");
    }
    if (scores.sliceCurvePoints() < 2) {
      settings.invalid(
          "scores.slice-curve-points", "expected at least 2 points per curve, such as 50");
    }
    if (scores.calibrationBins() < 1 || scores.calibrationBins() > 1000) {
      settings.invalid(
          "scores.calibration-bins", "expected a number of bins in [1, 1000], such as 15");
    }
    return scores;
  }

  /** A bucket width 1 / n for an integer n in [1, 1e8]. */
  private static double resolution(Settings settings, String path) {
    return settings.read(
        path,
        ScoresSpec.DEFAULT_RESOLUTION,
        () -> {
          double v;
          try {
            v = settings.config().getDouble(path);
          } catch (ConfigException e) {
            settings.invalid(
                path,
                "expected a number such as 1e-4, got " + settings.config().getValue(path).render());
            return ScoresSpec.DEFAULT_RESOLUTION;
          }
          double inverse = 1.0 / v;
          if (!(v > 0 && v <= 1)
              || inverse > ScoresSpec.MAX_BUCKETS
              || Math.abs(inverse - Math.rint(inverse)) > 1e-9 * inverse) {
            settings.invalid(
                path,
                "expected a bucket width 1 / n for a whole number n up to "
                    + ScoresSpec.MAX_BUCKETS
                    + ", got "
                    + v
                    + ". Use a power of ten such as 1e-4");
            return ScoresSpec.DEFAULT_RESOLUTION;
          }
          return v;
        });
  }
}
