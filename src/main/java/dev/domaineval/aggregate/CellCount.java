package dev.domaineval.aggregate;

/** The number of examples of a group with one (actual, predicted) pair. */
public record CellCount(GroupKey group, String actual, String predicted, long count) {}
