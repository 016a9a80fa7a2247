package dev.domaineval.findings;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Locale;

/** Findings about how the input files were read; they inform and do not change verdicts. */
public final class InputRules {
  private static final int NAMED = 5;

  private InputRules() {}

  /**
   * {@code IGNORED_FILES} (info): files of an input's directories that were not read.
   *
   * @param table the input ({@code labels}, {@code predictions}, {@code training.<candidate>})
   * @param source its format and path, for the message
   * @param dataFileNames how its data files are named, e.g. {@code *.parquet or part-*}
   * @param fileNames the names of the files left out (without their folders)
   */
  public static Finding ignoredFiles(
      String table, String source, String dataFileNames, List<String> fileNames) {
    int n = fileNames.size();
    String named =
        String.join(", ", fileNames.subList(0, Math.min(NAMED, n))) + (n > NAMED ? ", ..." : "");
    return new Finding(
        Severity.INFO,
        FindingCode.IGNORED_FILES,
        null,
        SliceKey.POOLED,
        SliceKey.OVERALL,
        String.format(
            Locale.ROOT,
            "%d %s of the %s table (%s) %s not read, as %s not named like data files: %s. Data"
                + " files there are named %s; rename a file that holds data, or name it in"
                + " input.%s.path to read it.",
            n,
            n == 1 ? "file" : "files",
            table,
            source,
            n == 1 ? "was" : "were",
            n == 1 ? "it is" : "they are",
            named,
            dataFileNames,
            table),
        Finding.Effect.INFORMS);
  }
}
