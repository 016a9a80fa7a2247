package dev.domaineval.counts;

import dev.domaineval.slice.GroupKey;

/**
 * The number of examples of a group with one (actual, predicted) pair. For a paired cell the
 * group's model is the candidate and {@code predicted} is the paired outcome.
 *
 * @param replicates with bootstrap on, the cell's Poisson-weighted count in each replicate; else an
 *     empty array
 */
public record CellCount(
    GroupKey group, String actual, String predicted, long count, long[] replicates) {

  public CellCount(GroupKey group, String actual, String predicted, long count) {
    this(group, actual, predicted, count, new long[0]);
  }
}
