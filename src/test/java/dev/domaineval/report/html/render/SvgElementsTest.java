package dev.domaineval.report.html.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SvgElementsTest {
  @Test
  void abbreviationCutsWholeCodePointsNeverHalfASurrogatePair() {
    // Each emoji is two chars (a surrogate pair) but one code point.
    String emojis = "😀😀😀😀😀";
    assertThat(SvgElements.abbreviate(emojis, 5)).isEqualTo(emojis);
    String cut = SvgElements.abbreviate(emojis, 3);
    assertThat(cut).isEqualTo("😀😀…");
    assertThat(SvgElements.abbreviate("a😀b😀c", 3)).isEqualTo("a😀…");
    assertThat(SvgElements.abbreviate("abcdef", 4)).isEqualTo("abc…");
  }

  @Test
  void escapedTextIsDirectionSafe() {
    assertThat(SvgElements.escape("<a>\u202E")).isEqualTo("&lt;a&gt;[U+202E]");
  }
}
