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
 */
public record Policy(String priority, Map<String, Double> targets, long minSupport, Role role) {
  /** The metrics a policy may name, as priority or target. */
  public static final java.util.Set<String> METRICS =
      java.util.Set.of("precision", "recall", "f1", "accuracy", "specificity");

  public Policy {
    targets = Map.copyOf(targets);
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
