package dev.domaineval.counts;

import java.util.Comparator;

/**
 * One of the most frequent answers of a model in a domain that matched no label (a row of the
 * invalid_answers table), counted by an {@link AnswerSketch}.
 *
 * @param model the model
 * @param domain the domain of the answers' examples
 * @param rank 1 for the most frequent
 * @param answer the answer as written, its first {@link AnswerSketch#MAX_CHARS} characters
 * @param truncated whether the answer was longer
 * @param normalized what the normalization made of it (empty for a blank answer)
 * @param predictions the predictions that gave it, at least (exact unless {@code maxPredictions} is
 *     larger)
 * @param maxPredictions the predictions that gave it, at most
 * @param share {@code predictions} over the model's invalid predictions in the domain
 */
public record InvalidAnswer(
    String model,
    String domain,
    int rank,
    String answer,
    boolean truncated,
    String normalized,
    long predictions,
    long maxPredictions,
    double share) {
  /** How many answers are listed per model and domain. */
  public static final int TOP = 20;

  /** The table's order: model, domain, rank. */
  public static final Comparator<InvalidAnswer> ORDER =
      Comparator.comparing(InvalidAnswer::model)
          .thenComparing(InvalidAnswer::domain)
          .thenComparingInt(InvalidAnswer::rank);

  /** Whether the count is exact (the sketch held every distinct answer). */
  public boolean exact() {
    return predictions == maxPredictions;
  }
}
