package dev.domaineval.counts;

import dev.domaineval.slice.GroupKey;

/**
 * The number of examples of a group with one (actual, predicted) pair. For a paired cell the
 * group's model is the candidate and {@code predicted} is the {@link JointConfusion#pairKey} of the
 * baseline's and the candidate's predictions.
 */
public record CellCount(GroupKey group, String actual, String predicted, long count) {}
