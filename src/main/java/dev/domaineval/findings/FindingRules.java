package dev.domaineval.findings;

import java.util.List;

/**
 * The registry: every rule over a run's evidence, in the order {@link Assessment} runs them. Adding
 * a rule is one line here.
 *
 * <p>The rules that need more than the evidence run in the job after the assessment and add their
 * findings to its result: the scores' ({@link ScoreRules}), the slice cap's ({@link SliceRules})
 * and the history's ({@link RegressionVsReferenceRule}).
 */
public final class FindingRules {
  private static final List<FindingRule> ALL =
      List.of(
          new LowSupportRule(),
          new BelowTargetRule(),
          new OneSidedGainRule(),
          new OverfittingRule(),
          new DataLeakageRule(),
          new AccuracyParadoxRule(),
          new InvalidPredictionsRule(),
          new RegressionRule(),
          new ForgettingRule(),
          new UnmatchedRowsRule(),
          new RefusalIncreaseRule(),
          new LowCoverageRule());

  private FindingRules() {}

  /** The rules, in the order they run. */
  public static List<FindingRule> all() {
    return ALL;
  }
}
