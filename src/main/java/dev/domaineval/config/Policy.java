package dev.domaineval.config;

import java.util.Map;

/**
 * How a domain gates a candidate: the defaults of {@code policy} merged key by key with the
 * domain's own settings under {@code domains.<name>}.
 *
 * @param priority the metric that decides the gate: {@code recall} (a missed case is costly) or
 *     {@code precision} (a false alarm is costly); for a binary domain that of the positive class,
 *     for a multiclass domain the macro average
 * @param targets minimum values of the candidate by metric id ({@code precision}, {@code recall},
 *     {@code f1}, {@code accuracy}, {@code specificity}), each in [0, 1], inclusive
 * @param minSupport below this many examples a slice is reported but never gates
 * @param role whether the domain is one the candidate was adapted to, or a general set on which it
 *     must not get worse
 * @param margin the smallest absolute change of a compared metric that matters: a significant drop
 *     within it never gates, and a domain is shown not to have got worse when the 95 % interval of
 *     the delta stays above {@code -margin}
 * @param margins per compared metric id, a margin that replaces {@code margin}
 */
public record Policy(
    String priority,
    Map<String, Double> targets,
    long minSupport,
    Role role,
    double margin,
    Map<String, Double> margins) {
  /** The metrics a policy may name, as priority or target. */
  public static final java.util.Set<String> METRICS =
      java.util.Set.of("precision", "recall", "f1", "accuracy", "specificity");

  /** The margin of {@code reference.conf}'s {@code policy.margin}. */
  public static final double DEFAULT_MARGIN = 0.01;

  /**
   * The metrics that may have a margin of their own: every compared metric of the registry (a test
   * holds the two lists equal).
   */
  public static final java.util.Set<String> COMPARED_METRICS =
      java.util.Set.of(
          "precision",
          "recall",
          "f1",
          "accuracy",
          "specificity",
          "macro_precision",
          "macro_recall",
          "macro_f1",
          "weighted_precision",
          "weighted_recall",
          "weighted_f1",
          "balanced_accuracy",
          "mcc",
          "cohen_kappa",
          "invalid_rate",
          "refusal_rate",
          "abstain_rate",
          "coverage",
          "selective_accuracy");

  public Policy {
    targets = Map.copyOf(targets);
    margins = Map.copyOf(margins);
  }

  /** A policy with the default margin and no per-metric margins. */
  public Policy(String priority, Map<String, Double> targets, long minSupport, Role role) {
    this(priority, targets, minSupport, role, DEFAULT_MARGIN, Map.of());
  }

  /** The margin of a compared metric, by its id. */
  public double margin(String metricId) {
    return margins.getOrDefault(metricId, margin);
  }

  /** Whether the candidate was fine-tuned for the domain, or must only not get worse on it. */
  public enum Role {
    IN_DOMAIN("in-domain"),
    OUT_OF_DOMAIN("out-of-domain");

    private final String id;

    Role(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }
}
