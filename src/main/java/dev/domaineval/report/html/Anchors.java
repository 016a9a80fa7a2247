package dev.domaineval.report.html;

import dev.domaineval.report.html.render.HtmlRenderer;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
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
    String slug = slug(domain);
    if (slug.equals(domain) && !slug.isEmpty()) {
      return "domain-" + slug;
    }
    return "domain-" + (slug.isEmpty() ? "" : slug + "-") + hash(domain);
  }

  /**
   * The id of a slice's confusion matrices, such as {@code slice-ft-v1--legal--length--long}: the
   * candidate, domain, slice and value joined by {@code --} when each is already lower-case
   * letters, digits and single hyphens (so the id tells them apart); otherwise their slugs ({@code
   * 0} for an empty one) and the start of a hash of the exact names, after a fourth {@code --}.
   */
  static String slice(String candidate, String domain, SliceKey slice) {
    List<String> parts = List.of(candidate, domain, slice.slice(), slice.value());
    List<String> slugs = new ArrayList<>();
    boolean exact = true;
    for (String p : parts) {
      String slug = slug(p);
      exact &= slug.equals(p) && !slug.isEmpty();
      slugs.add(slug.isEmpty() ? "0" : slug);
    }
    String id = "slice-" + String.join("--", slugs);
    if (exact) {
      return id;
    }
    return id + "--" + hash(String.join("\0", parts));
  }

  /** Lower-case letters and digits, other runs of characters as one hyphen, none at the ends. */
  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  /** The first 8 letters and digits of the text's SHA-256 in Base64: tells apart lossy slugs. */
  private static String hash(String text) {
    return HtmlRenderer.sha256(text).replaceAll("[^A-Za-z0-9]", "").substring(0, 8);
  }
}
