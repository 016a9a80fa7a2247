package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The findings, grouped: one row per finding code, model and domain, most severe first, the
 * informing groups (severity INFO) folded away at the end.
 *
 * @param groups the groups that gate or warn, shown open
 * @param info the groups of INFO findings, shown folded
 * @param shownFindings how many findings the groups hold
 * @param total how many findings the run has
 * @param table where all of them are (the findings table's path)
 */
public record FindingsView(
    List<Group> groups, List<Group> info, int shownFindings, int total, String table) {

  public FindingsView {
    groups = List.copyOf(groups);
    info = List.copyOf(info);
  }

  /**
   * The findings of one code about one model on one domain.
   *
   * @param severity the most severe of its findings
   * @param slices the slices they are about ("overall" first), each once
   * @param message the most severe finding's message
   * @param more the other findings, each as its slice and message
   * @param count how many findings the group holds, repeats of a message included
   * @param anchor the domain section's id, or empty for {@code *} (every domain)
   * @param examples the examples behind the most severe finding, when it gates and the run listed
   *     them
   */
  public record Group(
      String severity,
      String code,
      String model,
      String domain,
      List<String> slices,
      String message,
      List<String> more,
      int count,
      String anchor,
      List<Examples> examples) {
    public Group {
      slices = List.copyOf(slices);
      more = List.copyOf(more);
      examples = List.copyOf(examples);
    }
  }

  /**
   * The examples listed behind one outcome of a finding's group.
   *
   * @param what what they are, e.g. "broken examples of ft-v1 (baseline right, ft-v1 wrong) on
   *     legal, input_length = long"
   * @param ids the listed ids, smallest hash first
   * @param filter the condition that selects all of them, or empty when none can be written
   * @param table where the listed ones are (the examples table's path)
   */
  public record Examples(String what, List<String> ids, String filter, String table) {
    public Examples {
      ids = List.copyOf(ids);
    }
  }
}
