package dev.domaineval.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Which files under an input path are data: in a directory, the files whose names end in an
 * extension of the table's format (optionally followed by a compression's, e.g. {@code .csv.gz},
 * {@code .snappy.parquet}) or that are part files ({@code part-*}, as Spark and Hadoop write them).
 * Files and directories whose names start with {@code _} or {@code .} are skipped as Spark skips
 * them (markers such as {@code _SUCCESS}, checksums, temporary output); any other file, such as a
 * {@code NOTES.txt} beside the part files, is ignored and listed so that the run can say so. A file
 * named by the path itself, or matched by its glob, is always read.
 *
 * <p>The rule is one glob ({@link #glob}), which is given to Spark's reader as {@code
 * pathGlobFilter} (matched against file names; partition discovery is unchanged) and which decides
 * the listing here, so both agree by construction. A {@code pathGlobFilter} of the user's own
 * replaces it.
 */
final class DataFiles {
  /** Spark's reader option that filters files by name. */
  static final String FILTER_OPTION = "pathGlobFilter";

  private static final List<String> COMPRESSIONS =
      List.of("gz", "bz2", "deflate", "snappy", "lz4", "zst");

  private static final Map<String, List<String>> EXTENSIONS =
      Map.of(
          "csv", List.of("csv", "tsv"),
          "json", List.of("json", "jsonl", "ndjson"),
          "parquet", List.of("parquet"),
          "orc", List.of("orc"));

  /**
   * The files under an input path.
   *
   * @param filtered whether the path names directories whose files are filtered by name (false when
   *     it names files, which are read whatever their names)
   * @param dataFiles how many data files there are
   * @param ignored the files left out (paths as listed), sorted
   */
  record Listing(boolean filtered, long dataFiles, List<String> ignored) {
    Listing {
      ignored = List.copyOf(ignored);
    }
  }

  private DataFiles() {}

  /**
   * The glob of a format's data file names: its extensions in any case, each alone or followed by a
   * compression's extension, and {@code part-*}.
   */
  static String glob(String format) {
    List<String> names = new ArrayList<>();
    for (String ext : EXTENSIONS.getOrDefault(format, List.of())) {
      names.add("*." + anyCase(ext));
      if (!format.equals("parquet") && !format.equals("orc")) {
        for (String c : COMPRESSIONS) {
          names.add("*." + anyCase(ext) + "." + anyCase(c));
        }
      }
    }
    names.add("part-*");
    return "{" + String.join(",", names) + "}";
  }

  /** How a format's data files are named, for messages: the words of {@link #glob}. */
  static String describe(String format) {
    List<String> names = new ArrayList<>();
    for (String ext : EXTENSIONS.getOrDefault(format, List.of())) {
      names.add("*." + ext);
    }
    String last = names.remove(names.size() - 1);
    String listed = names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    boolean compressed = !format.equals("parquet") && !format.equals("orc");
    return listed
        + (compressed ? ", optionally compressed (such as *." + last.substring(2) + ".gz)," : "")
        + " or part-*";
  }

  /** A glob that matches {@code word} in any case: {@code csv} is {@code [cC][sS][vV]}. */
  private static String anyCase(String word) {
    StringBuilder b = new StringBuilder();
    for (char c : word.toCharArray()) {
      if (Character.isLetter(c)) {
        b.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Lists the files under {@code path} (a file, a directory or a glob) as Spark's reader will see
   * them with the filter {@code glob}: a match that is a file is data; in a match that is a
   * directory, every file below it that is not hidden is data when its name matches, and ignored
   * otherwise.
   */
  static Listing list(FileSystem fs, Path path, String glob) throws IOException {
    FileStatus[] matches = fs.globStatus(path);
    if (matches == null) {
      return new Listing(false, 0, List.of());
    }
    boolean anyFile = false;
    for (FileStatus m : matches) {
      anyFile |= m.isFile();
    }
    GlobFilter filter = new GlobFilter(glob);
    long data = 0;
    List<String> ignored = new ArrayList<>();
    for (FileStatus m : matches) {
      if (m.isFile()) {
        data++;
        continue;
      }
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(m.getPath(), true);
      String root = m.getPath().toUri().getPath();
      while (files.hasNext()) {
        Path file = files.next().getPath();
        if (isHidden(root, file)) {
          continue;
        }
        // With a file among the matches the reader gets no filter: every file is read.
        if (anyFile || filter.accept(file)) {
          data++;
        } else {
          ignored.add(file.toString());
        }
      }
    }
    ignored.sort(null);
    return new Listing(!anyFile, data, ignored);
  }

  /**
   * Whether Spark skips the file: a name below the listed directory, its own or a directory's, that
   * starts with {@code .}, or with {@code _} without being a partition ({@code _x=1}), or that ends
   * in {@code ._COPYING_} (Spark's {@code InMemoryFileIndex} rule).
   */
  private static boolean isHidden(String root, Path file) {
    String relative = file.toUri().getPath().substring(root.length());
    for (String part : relative.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.startsWith(".")
          || (part.startsWith("_") && !part.contains("="))
          || part.endsWith("._COPYING_")) {
        return true;
      }
    }
    return false;
  }

  /** The user's {@code pathGlobFilter}, or null (Spark's option names compare without case). */
  static String userGlob(Map<String, String> options) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(FILTER_OPTION.toLowerCase(Locale.ROOT))) {
        return e.getValue();
      }
    }
    return null;
  }
}
