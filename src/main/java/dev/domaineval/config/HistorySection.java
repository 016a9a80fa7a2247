package dev.domaineval.config;

/** Section {@code history}: which earlier runs the report and the history rule look at. */
final class HistorySection {
  /** The most runs a report's trends show: each is one small read of its metrics partition. */
  static final int MAX_RUNS = 1000;

  private HistorySection() {}

  static HistorySpec read(Settings settings) {
    int runs = settings.integer("history.runs");
    if (runs < 0 || runs > MAX_RUNS) {
      settings.invalid(
          "history.runs",
          "expected a number of runs from 0 (no history) to " + MAX_RUNS + ", got " + runs);
    }
    String reference = settings.string("history.reference-run");
    if (!reference.isEmpty() && !RunIdSection.PATTERN.matcher(reference).matches()) {
      settings.invalid(
          "history.reference-run",
          "expected the run id of a published run (letters, digits, '.', '_', '-'), got '"
              + reference
              + "'. Leave it empty to compare with the last published run");
    }
    if (runs == 0 && !reference.isEmpty()) {
      settings.invalid(
          "history.reference-run",
          "history is off (history.runs = 0), so no run can be the reference, got '"
              + reference
              + "'. Set history.runs to 1 or more, or leave history.reference-run empty");
    }
    return new HistorySpec(runs, InputSection.nonBlank(reference));
  }
}
