package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;

/** How messages name what a comparison row compares. */
final class Labels {
  private Labels() {}

  /** The metric of a row, with its class if it is a per-class row: {@code recall of 'urgent'}. */
  static String of(ComparisonRow row) {
    return row.cls() == null ? row.metric().id() : row.metric().id() + " of '" + row.cls() + "'";
  }
}
