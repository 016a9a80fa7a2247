package dev.domaineval.report.html;

import dev.domaineval.findings.Finding;
import dev.domaineval.findings.Severity;
import dev.domaineval.slice.SliceKey;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The findings that bear on a verdict (they gate, and fail or warn), by model, domain and slice:
 * what the page marks in red (FAIL) or amber (WARN) beside the numbers they are about.
 */
final class GatingFindings {
  private final Map<List<String>, Severity> worst = new HashMap<>();
  private final Map<List<String>, Set<String>> codes = new HashMap<>();

  GatingFindings(List<Finding> findings) {
    for (Finding f : findings) {
      if (!f.gates() || f.severity() == Severity.INFO || f.model() == null) {
        continue;
      }
      List<String> key = key(f.model(), f.domain(), f.slice());
      worst.merge(key, f.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
      codes.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(f.code().name());
    }
  }

  /** The most severe gating finding's severity about the group, or null when there is none. */
  Severity severity(String model, String domain, SliceKey slice) {
    return worst.get(key(model, domain, slice));
  }

  /** The codes of the gating findings about the group, most severe first, or "". */
  String codes(String model, String domain, SliceKey slice) {
    Set<String> c = codes.get(key(model, domain, slice));
    return c == null ? "" : String.join(", ", c);
  }

  /** The row class for a group's gating finding: "gate-fail", "gate-warn", or null. */
  String css(String model, String domain, SliceKey slice) {
    Severity s = severity(model, domain, slice);
    return s == null ? null : "gate-" + s.id();
  }

  private static List<String> key(String model, String domain, SliceKey slice) {
    return List.of(model, domain, slice.slice(), slice.value());
  }
}
