package dev.domaineval.findings;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a candidate is fit for a domain, with the reasons.
 *
 * @param candidate the candidate model
 * @param domain the domain
 * @param outcome the verdict
 * @param reasons sentences that explain it, most severe first; empty for a clean PASS
 * @param kinds the kind of each reason, in the order of the reasons
 * @param kind what the reasons that decide the outcome blame (the failures of a FAIL, the open
 *     gates of an INCONCLUSIVE, the warnings of a WARN): {@link ReasonKind#MODEL} when one of them
 *     blames the candidate, else {@link ReasonKind#EVALUATION}; null for a PASS
 */
public record Verdict(
    String candidate,
    String domain,
    Outcome outcome,
    List<String> reasons,
    List<ReasonKind> kinds,
    ReasonKind kind) {
  public Verdict {
    reasons = List.copyOf(reasons);
    kinds = List.copyOf(kinds);
    if (kinds.size() != reasons.size()) {
      throw new IllegalArgumentException(
          "a verdict has one kind per reason: " + kinds.size() + " for " + reasons.size());
    }
    if ((kind == null) != (outcome == Outcome.PASS)) {
      throw new IllegalArgumentException("a verdict has a kind unless it is PASS: " + outcome);
    }
  }

  /**
   * A verdict whose kinds are read from its reasons ({@link ReasonKind#of}), and whose own kind is
   * {@link ReasonKind#MODEL} when any reason blames the candidate (for a FAIL whose failures blame
   * only the evaluation while a warning blames the candidate, use the canonical constructor).
   */
  public Verdict(String candidate, String domain, Outcome outcome, List<String> reasons) {
    this(candidate, domain, outcome, reasons, kindsOf(reasons), kindOf(outcome, kindsOf(reasons)));
  }

  /** The verdict's kind as a table value: {@code model}, {@code evaluation}, or null for PASS. */
  public String kindId() {
    return kind == null ? null : kind.id();
  }

  private static List<ReasonKind> kindsOf(List<String> reasons) {
    List<ReasonKind> kinds = new ArrayList<>();
    ReasonKind previous = ReasonKind.MODEL;
    for (String r : reasons) {
      previous = ReasonKind.of(r, previous);
      kinds.add(previous);
    }
    return kinds;
  }

  private static ReasonKind kindOf(Outcome outcome, List<ReasonKind> kinds) {
    if (outcome == Outcome.PASS) {
      return null;
    }
    if (outcome == Outcome.INCONCLUSIVE) {
      return ReasonKind.EVALUATION;
    }
    return kinds.contains(ReasonKind.MODEL) ? ReasonKind.MODEL : ReasonKind.EVALUATION;
  }

  /** The verdicts, from best to worst. */
  public enum Outcome {
    /** Every gate passed and nothing needs a look. */
    PASS,
    /** Every gate passed, but a warning needs a look. */
    WARN,
    /** A target was met or missed only inside its confidence interval: more data is needed. */
    INCONCLUSIVE,
    /** A gate failed. */
    FAIL
  }
}
