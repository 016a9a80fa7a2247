package dev.domaineval.findings;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Findings about how the input files were read; they inform and do not change verdicts. */
public final class InputRules {
  private static final int NAMED = 5;

  private InputRules() {}

  /**
   * {@code REPLACEMENT_CHARACTERS} (warn, informs): text values of an input that contain U+FFFD,
   * the replacement character a decoder puts for bytes that are not valid in the encoding it reads.
   *
   * @param table the input ({@code labels} or {@code predictions})
   * @param source its format and path, for the message
   * @param encoding for a csv or json file, the encoding it was read with ({@code UTF-8} unless
   *     configured); empty for a table that stores its text as UTF-8 (Parquet, ORC, a catalog
   *     table)
   * @param values how many values contain U+FFFD
   */
  public static Finding replacementCharacters(
      String table, String source, Optional<String> encoding, long values) {
    String what =
        String.format(
            Locale.ROOT,
            "%d %s of the %s table (%s) %s U+FFFD, the replacement character: ",
            values,
            values == 1 ? "value" : "values",
            table,
            source,
            values == 1 ? "contains" : "contain");
    String why =
        encoding.isPresent()
            ? String.format(
                Locale.ROOT,
                "the file is probably not %s (read as %s). Set input.%s.options.encoding to the"
                    + " file's encoding, such as ISO-8859-1 or windows-1252.",
                encoding.get(),
                encoding.get(),
                table)
            : "its text was decoded with a wrong encoding before the table was written (the table"
                + " itself stores text as UTF-8). Fix the job that writes it.";
    return new Finding(
        Severity.WARN,
        FindingCode.REPLACEMENT_CHARACTERS,
        null,
        SliceKey.POOLED,
        SliceKey.OVERALL,
        what + why,
        Finding.Effect.INFORMS);
  }

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
