package dev.domaineval.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one domain's answers are normalised before they are matched to its labels (section {@code
 * normalization}, per domain under {@code domains.<name>.normalization}). The steps run in this
 * order, each only when on: Unicode NFKC; white space (every run to one space); trim; case-fold
 * (unless {@code input.case-sensitive}); strip surrounding quotes and brackets; strip trailing
 * punctuation; the answer pattern; the aliases. Labels go through the same steps but the last two,
 * so a label and an answer that differ only in what the steps remove are the same class.
 *
 * @param unicode Unicode NFKC (full-width letters, ligatures, non-breaking spaces)
 * @param whiteSpace every run of white space to one space
 * @param stripQuotes quotes and brackets around the answer
 * @param stripPunctuation punctuation at the end of the answer ({@code . , ; : ! ?} and their
 *     full-width forms)
 * @param answerPattern a regular expression whose first group is the answer (searched in the text
 *     after the steps before it; an answer it does not match stays as it is), empty for none
 * @param aliases per label (as in the labels table), the other answers that mean it
 * @param englishRefusals whether the documented list of common English refusals is searched (before
 *     {@code refusalPatterns})
 * @param refusalPatterns regular expressions searched case-insensitively in the answer (after the
 *     white-space step): an answer one of them finds, that neither the answer pattern matched nor
 *     an alias names, is a refusal, {@code (refused)}
 * @param abstainValues answers that say the model does not know ({@code unsure}, {@code cannot
 *     determine}): compared after every step, each is an abstention, {@code (abstained)}
 * @param minCoverage the share of a domain's examples a model must answer (neither refuse nor
 *     abstain) before {@code LOW_COVERAGE} warns
 * @param refusalIncreaseFails whether a candidate that refuses significantly more than the baseline
 *     fails the domain ({@code REFUSAL_INCREASE} warns otherwise)
 * @param keepRawAnswers whether the most frequent invalid answers are kept as written (the {@code
 *     invalid_answers} table and the report); off for sensitive data
 */
public record AnswerRules(
    boolean unicode,
    boolean whiteSpace,
    boolean stripQuotes,
    boolean stripPunctuation,
    String answerPattern,
    Map<String, List<String>> aliases,
    boolean englishRefusals,
    List<String> refusalPatterns,
    List<String> abstainValues,
    double minCoverage,
    boolean refusalIncreaseFails,
    boolean keepRawAnswers)
    implements Serializable {
  /** The default of {@code min-coverage}. */
  public static final double DEFAULT_MIN_COVERAGE = 0.9;

  private static final long serialVersionUID = 1L;

  public AnswerRules {
    answerPattern = answerPattern == null ? "" : answerPattern;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    aliases.forEach((label, list) -> copy.put(label, List.copyOf(list)));
    aliases = java.util.Collections.unmodifiableMap(copy);
    refusalPatterns = List.copyOf(refusalPatterns);
    abstainValues = List.copyOf(abstainValues);
  }

  /** Rules with the default coverage checks. */
  public AnswerRules(
      boolean unicode,
      boolean whiteSpace,
      boolean stripQuotes,
      boolean stripPunctuation,
      String answerPattern,
      Map<String, List<String>> aliases,
      boolean englishRefusals,
      List<String> refusalPatterns,
      List<String> abstainValues) {
    this(
        unicode,
        whiteSpace,
        stripQuotes,
        stripPunctuation,
        answerPattern,
        aliases,
        englishRefusals,
        refusalPatterns,
        abstainValues,
        DEFAULT_MIN_COVERAGE,
        false,
        true);
  }

  /** Rules without refusals or abstentions. */
  public AnswerRules(
      boolean unicode,
      boolean whiteSpace,
      boolean stripQuotes,
      boolean stripPunctuation,
      String answerPattern,
      Map<String, List<String>> aliases) {
    this(
        unicode,
        whiteSpace,
        stripQuotes,
        stripPunctuation,
        answerPattern,
        aliases,
        false,
        List.of(),
        List.of());
  }

  /** Whether an answer can be a refusal or an abstention. */
  public boolean hasNonAnswers() {
    return englishRefusals || !refusalPatterns.isEmpty() || !abstainValues.isEmpty();
  }

  /** Today's matching before this section existed: trim and case-fold only. */
  public static AnswerRules trimOnly() {
    return new AnswerRules(false, false, false, false, "", Map.of());
  }

  /** The defaults of {@code reference.conf}: the cheap safe steps on, no pattern, no aliases. */
  public static AnswerRules defaults() {
    return new AnswerRules(true, true, true, true, "", Map.of());
  }

  public boolean hasAnswerPattern() {
    return !answerPattern.isEmpty();
  }
}
