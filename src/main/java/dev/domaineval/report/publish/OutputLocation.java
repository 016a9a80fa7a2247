package dev.domaineval.report.publish;

import dev.domaineval.input.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks {@code output.path} before the pass, so that a wrong one fails in seconds with exit 2
 * instead of after the whole pass with a file system's exception: it must not be an input path,
 * inside one or above one; it must be a directory or absent; and the run must be able to write
 * there.
 */
public final class OutputLocation {
  private OutputLocation() {}

  /**
   * Checks the output path against the input paths.
   *
   * @param inputs config key (e.g. {@code input.predictions.path}) to its path
   * @param probe whether to check writability by creating and deleting a file (not in a dry run)
   * @throws InvalidInputException naming every problem found
   */
  public static void check(
      Configuration conf, String output, Map<String, String> inputs, boolean probe) {
    Path root;
    FileSystem fs;
    try {
      root = new Path(output);
      fs = root.getFileSystem(conf);
      root = fs.makeQualified(root);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "output.path '" + output + "' cannot be opened: " + e.getMessage() + ".");
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      URI in = qualified(conf, literalPrefix(input.getValue()));
      if (in == null) {
        continue;
      }
      String relation = relation(root.toUri(), in);
      if (relation != null) {
        problems.add(
            String.format(
                "output.path %s %s %s (%s): the run would write its tables among its input, and"
                    + " the next run would read them as data. Choose a directory outside every"
                    + " input",
                output, relation, input.getKey(), input.getValue()));
      }
    }
    try {
      FileStatus status = fs.exists(root) ? fs.getFileStatus(root) : null;
      if (status != null && !status.isDirectory()) {
        problems.add(
            String.format(
                "output.path %s is a file; it must be a directory (or not exist yet, then the"
                    + " run creates it)",
                output));
      } else if (probe && problems.isEmpty()) {
        Path check = new Path(root, Publication.STAGING + "/_write-check-" + UUID.randomUUID());
        try (OutputStream out = fs.create(check, false)) {
          out.write('\n');
        }
        fs.delete(check, false);
        Path staging = new Path(root, Publication.STAGING);
        if (fs.listStatus(staging).length == 0) {
          fs.delete(staging, false);
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(
          String.format(
              "output.path %s is not writable: %s. Check that the job's user may create files"
                  + " there (and that no file stands where a directory of the path should be)",
              output, e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "Invalid output.path:\n  - " + String.join("\n  - ", problems) + ".");
    }
  }

  /** How the output relates to an input: the same, inside, above; null when apart. */
  static String relation(URI output, URI input) {
    if (!same(output.getScheme(), input.getScheme())
        || !same(output.getAuthority(), input.getAuthority())) {
      return null;
    }
    String out = trim(output.getPath());
    String in = trim(input.getPath());
    if (out.equals(in)) {
      return "is the same path as";
    }
    if (out.startsWith(in + "/")) {
      return "is inside";
    }
    if (in.startsWith(out + "/") || out.equals("")) {
      return "is above";
    }
    return null;
  }

  /** The part of a path before its first glob character, cut back to a whole directory. */
  static String literalPrefix(String path) {
    int glob = -1;
    for (int i = 0; i < path.length(); i++) {
      if ("*?[{".indexOf(path.charAt(i)) >= 0) {
        glob = i;
        break;
      }
    }
    if (glob < 0) {
      return path;
    }
    int slash = path.lastIndexOf('/', glob);
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  private static URI qualified(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(conf).makeQualified(p).toUri();
    } catch (IOException | IllegalArgumentException e) {
      return null; // the input's own check reports it
    }
  }

  private static String trim(String path) {
    String p = path == null ? "" : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equalsIgnoreCase(b);
  }
}
