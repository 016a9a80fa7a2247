package dev.domaineval.report.html.render;

/**
 * Keeps a value from the data from changing the direction of the text around it in the page.
 *
 * <p>Explicit bidirectional formatting characters (the embeddings, overrides and isolates U+202A to
 * U+202E and U+2066 to U+2069) are shown as their code point, e.g. {@code [U+202E]}, so a
 * right-to-left override in a slice value can neither reverse the text after it nor hide itself
 * (the "Trojan Source" trick). A value with right-to-left letters (Hebrew, Arabic, ...) is wrapped
 * in a first-strong isolate (U+2068 ... U+2069), so it is laid out on its own and the numbers and
 * names around it stay in place. Other values are returned as they are.
 */
public final class Bidi {
  static final char FSI = '\u2068';
  static final char PDI = '\u2069';

  private Bidi() {}

  /** The value, safe to place among other text. */
  public static String isolate(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    boolean rtl = false;
    boolean controls = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isExplicitControl(cp)) {
        controls = true;
      } else if (isRightToLeft(cp)) {
        rtl = true;
      }
    }
    if (!rtl && !controls) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    if (rtl) {
      b.append(FSI);
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isExplicitControl(cp)) {
        b.append(String.format("[U+%04X]", cp));
      } else {
        b.appendCodePoint(cp);
      }
    }
    if (rtl) {
      b.append(PDI);
    }
    return b.toString();
  }

  private static boolean isExplicitControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
  }

  private static boolean isRightToLeft(int cp) {
    byte d = Character.getDirectionality(cp);
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }
}
