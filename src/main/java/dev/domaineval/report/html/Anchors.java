package dev.domaineval.report.html;

import dev.domaineval.report.html.render.HtmlRenderer;
import java.util.Locale;

/** The page's readable anchors, such as {@code #domain-legal}. */
final class Anchors {
  private Anchors() {}

  /**
   * The id of a domain's section: {@code domain-} and the name when it is already lower-case
   * letters, digits and hyphens; otherwise its letters and digits, lower-cased, joined by hyphens,
   * and the start of a hash of the exact name, so that {@code Legal} and {@code legal} never share
   * an anchor.
   */
  static String domain(String domain) {
    String slug =
        domain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.equals(domain) && !slug.isEmpty()) {
      return "domain-" + slug;
    }
    String hash = HtmlRenderer.sha256(domain).replaceAll("[^A-Za-z0-9]", "").substring(0, 8);
    return "domain-" + (slug.isEmpty() ? "" : slug + "-") + hash;
  }
}
