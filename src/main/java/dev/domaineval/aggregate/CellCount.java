package dev.domaineval.aggregate;

import dev.domaineval.slice.GroupKey;

/**
 * The number of examples of a group with one (actual, predicted) pair. For a paired cell the
 * group's model is the candidate and {@code predicted} is the paired outcome.
 */
public record CellCount(GroupKey group, String actual, String predicted, long count) {}
