package dev.domaineval.aggregate;

/**
 * Input rows of one table counted under one reason. Every input row is counted exactly once, so the
 * counts of a table add up to its row count.
 *
 * @param table {@code labels} or {@code predictions}
 * @param model for predictions of a selected model, that model; else null
 * @param reason why the rows were used or excluded, e.g. {@code matched}, {@code no_label}
 * @param rows the number of input rows
 */
public record ReconciliationCount(String table, String model, String reason, long rows) {}
