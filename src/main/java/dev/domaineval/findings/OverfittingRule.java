package dev.domaineval.findings;

import dev.domaineval.config.Policy;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code OVERFITTING} (warn): the candidate's priority metric on the examples it was trained on
 * exceeds its value on the held-out ones by more than {@code findings.overfitting.max-gap}, while
 * the baseline's gap stays within it. "Trained on" is the training split (against every other split
 * value, merged), and, where the candidate has fine-tuning data, the leaked examples (against the
 * clean ones). Either side needs {@code min-support} examples.
 */
final class OverfittingRule implements FindingRule {
  /** The slice of the labels' split column (added by the config when a split is mapped). */
  private static final String SPLIT = "split";

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    String train = e.thresholds().trainSplit();
    for (String candidate : e.candidates()) {
      String leakage = e.leakageSlices().get(candidate);
      for (String domain : e.domains()) {
        Policy policy = e.policies().apply(domain);
        overfitting(e, candidate, domain, policy, SPLIT, train, "of split '" + train + "'")
            .ifPresent(findings::add);
        if (leakage != null) {
          overfitting(
                  e,
                  candidate,
                  domain,
                  policy,
                  leakage,
                  "leaked",
                  "that leaked (slice " + leakage + ")")
              .ifPresent(findings::add);
        }
      }
    }
    return findings;
  }

  /** OVERFITTING on one definition of "trained on": a value of a slice against the others. */
  private static Optional<Finding> overfitting(
      Evidence e,
      String candidate,
      String domain,
      Policy policy,
      String slice,
      String trainedValue,
      String description) {
    Optional<double[]> cand = splitGap(e, candidate, domain, policy, slice, trainedValue);
    Optional<double[]> base = splitGap(e, e.baseline(), domain, policy, slice, trainedValue);
    if (cand.isEmpty() || base.isEmpty()) {
      return Optional.empty();
    }
    double[] c = cand.get();
    double[] b = base.get();
    double max = e.thresholds().overfittingMaxGap();
    double candidateGap = c[0] - c[1];
    double baselineGap = b[0] - b[1];
    if (!(candidateGap > max) || baselineGap > max) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            Severity.WARN,
            FindingCode.OVERFITTING,
            candidate,
            domain,
            new SliceKey(slice, SliceKey.POOLED),
            String.format(
                Locale.ROOT,
                "%s on %s: %s is %.3f on the %d examples %s, which it was trained on, but %.3f on"
                    + " the %d held-out examples (gap %.3f > %.2f), while %s shows a gap of %.3f:"
                    + " the candidate fits its training data; judge it on held-out examples only.",
                candidate,
                domain,
                e.priorityLabel(domain, policy),
                c[0],
                (long) c[2],
                description,
                c[1],
                (long) c[3],
                candidateGap,
                max,
                e.baseline(),
                baselineGap)));
  }

  /** [train value, held-out value, train examples, held-out examples] of a model, if enough. */
  private static Optional<double[]> splitGap(
      Evidence e, String model, String domain, Policy policy, String slice, String train) {
    ConfusionMatrix trained = null;
    ConfusionMatrix held = ConfusionMatrix.empty();
    for (Map.Entry<GroupKey, ConfusionMatrix> m : e.matrices().entrySet()) {
      GroupKey g = m.getKey();
      if (!g.model().equals(model)
          || !g.domain().equals(domain)
          || !g.slice().slice().equals(slice)) {
        continue;
      }
      if (g.slice().value().equals(train)) {
        trained = m.getValue();
      } else if (!g.slice().value().equals(SliceKey.NULL_VALUE)) {
        held = held.plus(m.getValue());
      }
    }
    if (trained == null
        || trained.total() < policy.minSupport()
        || held.total() < policy.minSupport()) {
      return Optional.empty();
    }
    return Optional.of(
        new double[] {
          e.priorityValue(trained, domain, policy),
          e.priorityValue(held, domain, policy),
          trained.total(),
          held.total()
        });
  }
}
