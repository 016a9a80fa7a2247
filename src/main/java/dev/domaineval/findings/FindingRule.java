package dev.domaineval.findings;

import java.util.List;

/**
 * One rule: a run's evidence in, findings out. Whether a finding bears on the verdicts is data on
 * it ({@link Finding#effect()}); a rule that cannot decide a gate says so with an {@link OpenGate}.
 * Adding a rule is one class, its {@link FindingCode}, one line in {@link FindingRules} and its
 * test.
 */
public interface FindingRule {
  /** The findings of this rule on the run, in a stable order. */
  List<Finding> findings(Evidence evidence);

  /** The gates this rule leaves open on the run; none by default. */
  default List<OpenGate> openGates(Evidence evidence) {
    return List.of();
  }
}
