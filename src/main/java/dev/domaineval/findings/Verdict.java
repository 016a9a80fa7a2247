package dev.domaineval.findings;

import java.util.List;

/**
 * Whether a candidate is fit for a domain, with the reasons.
 *
 * @param candidate the candidate model
 * @param domain the domain
 * @param outcome the verdict
 * @param reasons sentences that explain it, most severe first; empty for a clean PASS
 */
public record Verdict(String candidate, String domain, Outcome outcome, List<String> reasons) {
  public Verdict {
    reasons = List.copyOf(reasons);
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
