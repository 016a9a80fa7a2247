package dev.domaineval.counts;

import java.util.Comparator;

/**
 * How many of a model's matched predictions in a domain one normalization rule decided (a row of
 * the normalization table).
 *
 * @param model the model
 * @param domain the domain of the predictions' examples
 * @param rule the rule: {@code exact}, {@code unicode}, {@code white-space}, {@code case}, {@code
 *     punctuation}, {@code pattern}, {@code alias:<alias>→<label>}, or {@code invalid} (no label of
 *     the domain, a blank prediction included)
 * @param predictions the predictions it decided
 */
public record AnswerCount(String model, String domain, String rule, long predictions) {
  /** The table's order: model, domain, then rule. */
  public static final Comparator<AnswerCount> ORDER =
      Comparator.comparing(AnswerCount::model)
          .thenComparing(AnswerCount::domain)
          .thenComparing(AnswerCount::rule);

  public AnswerCount {
    if (predictions < 0) {
      throw new IllegalArgumentException(
          "Negative number of predictions " + predictions + " for rule " + rule);
    }
  }
}
