package dev.domaineval.counts;

import dev.domaineval.slice.GroupKey;

/**
 * The examples of one group in one score bucket with one label.
 *
 * @param group the model, domain (never the pooled one) and slice value
 * @param positive whether these are examples of the domain's positive class
 * @param bucket the bucket number: at {@code scores.resolution} for the overall slice, at {@code
 *     scores.slice-resolution} for slice values
 * @param count number of examples
 * @param scoreSum sum of their scores
 * @param logLossSum sum of their log losses (scores clipped to [1e-15, 1 − 1e-15])
 * @param brierSum sum of their squared errors (score − y)²
 */
public record ScoreCount(
    GroupKey group,
    boolean positive,
    int bucket,
    long count,
    double scoreSum,
    double logLossSum,
    double brierSum) {}
