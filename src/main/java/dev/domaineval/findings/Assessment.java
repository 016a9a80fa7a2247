package dev.domaineval.findings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the rules of the {@link FindingRules registry} on a run's evidence and decides a verdict per
 * candidate and domain from their findings and open gates ({@link Verdicts}).
 *
 * <p>Gates look at the overall slice of each domain: a target is decided on the 95 % interval where
 * the metric has one ({@link BelowTargetRule}), else on the value. Regressions are looked for in
 * every slice with at least {@code min-support} examples. The pooled domain {@code *} mixes
 * in-domain and out-of-domain examples and never gates.
 */
public final class Assessment {
  /** Most severe first, then by code, model and domain; a stable sort keeps each rule's order. */
  private static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.severity())
          .reversed()
          .thenComparing(f -> f.code())
          .thenComparing(f -> String.valueOf(f.model()))
          .thenComparing(f -> f.domain());

  private Assessment() {}

  /**
   * The outcome of the assessment.
   *
   * @param findings every finding, most severe first
   * @param verdicts one per candidate and domain
   */
  public record Result(List<Finding> findings, List<Verdict> verdicts) {
    /** The number of findings of a severity. */
    public long count(Severity severity) {
      return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Per candidate, whether it can ship ({@link ShipDecision}). */
    public List<ShipDecision> decisions() {
      return ShipDecision.of(verdicts);
    }

    /** Whether a gate failed. */
    public boolean hasFailedGate() {
      return verdicts.stream().anyMatch(v -> v.outcome() == Verdict.Outcome.FAIL);
    }

    /**
     * This result with more findings that do not bear on the verdicts (those of the scores), sorted
     * in with the others.
     */
    public Result plus(List<Finding> more) {
      return new Result(sorted(findings, more), verdicts);
    }

    /**
     * This result with more findings (from rules that need more than the run's evidence, such as
     * history): each verdict becomes at least as bad as its new gating findings make it, and lists
     * them.
     */
    public Result withFindings(List<Finding> extra) {
      if (extra.isEmpty()) {
        return this;
      }
      return new Result(sorted(findings, extra), List.copyOf(Verdicts.update(verdicts, extra)));
    }
  }

  /** Runs every rule of the registry and decides the verdicts. */
  public static Result evaluate(Evidence evidence) {
    return evaluate(evidence, FindingRules.all());
  }

  /** Runs the rules and decides the verdicts. */
  static Result evaluate(Evidence evidence, List<FindingRule> rules) {
    List<Finding> findings = new ArrayList<>();
    List<OpenGate> open = new ArrayList<>();
    for (FindingRule rule : rules) {
      findings.addAll(rule.findings(evidence));
      open.addAll(rule.openGates(evidence));
    }
    findings.sort(ORDER);
    List<Verdict> verdicts =
        Verdicts.decide(evidence.candidates(), evidence.domains(), findings, open);
    return new Result(List.copyOf(findings), List.copyOf(verdicts));
  }

  private static List<Finding> sorted(List<Finding> findings, List<Finding> more) {
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(more);
    all.sort(ORDER);
    return List.copyOf(all);
  }
}
