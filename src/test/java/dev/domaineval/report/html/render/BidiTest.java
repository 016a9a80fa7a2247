package dev.domaineval.report.html.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BidiTest {
  @Test
  void leftToRightTextIsLeftAsItIs() {
    assertThat(Bidi.isolate("legal long inputs (n = 1,204)"))
        .isEqualTo("legal long inputs (n = 1,204)");
    assertThat(Bidi.isolate("")).isEmpty();
    assertThat(Bidi.isolate("emoji 😀 and ünïcödé")).isEqualTo("emoji 😀 and ünïcödé");
  }

  @Test
  void explicitDirectionControlsAreShownAsTheirCodePointsSoTheyCannotReorderTheText() {
    assertThat(Bidi.isolate("abc\u202Edcba")).isEqualTo("abc[U+202E]dcba").doesNotContain("\u202E");
    assertThat(Bidi.isolate("x\u2069\u202Ey\u2066")).isEqualTo("x[U+2069][U+202E]y[U+2066]");
  }

  @Test
  void rightToLeftTextIsIsolatedFromItsNeighbours() {
    assertThat(Bidi.isolate("עברית 12")).isEqualTo("\u2068עברית 12\u2069");
    assertThat(Bidi.isolate("عربي\u202E")).isEqualTo("\u2068عربي[U+202E]\u2069");
  }
}
