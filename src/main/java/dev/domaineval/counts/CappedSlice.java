package dev.domaineval.counts;

/**
 * A slice dimension with more values than {@code slices.max-values}: its most supported values are
 * kept, the others counted together as {@code (other)}.
 *
 * @param slice the slice's name
 * @param values its number of distinct values
 * @param keptValues the number of values kept (the most supported ones)
 * @param otherRows the joined rows (labelled examples × models) of the other values
 */
public record CappedSlice(String slice, long values, int keptValues, long otherRows) {}
