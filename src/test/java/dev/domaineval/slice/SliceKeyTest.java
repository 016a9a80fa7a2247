package dev.domaineval.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SliceKeyTest {

  @Test
  void ofJoinsTheValuesOfACrossWithABar() {
    assertThat(SliceKey.of("language_x_source", List.of("en", "web")))
        .isEqualTo(new SliceKey("language_x_source", "en|web"));
    assertThat(SliceKey.of("language", List.of("en"))).isEqualTo(new SliceKey("language", "en"));
  }

  @Test
  void valuesThatReadLikeAMarkerGetOneMoreBackslashAndNoOtherValueChanges() {
    assertThat(SliceKey.escape("(null)")).isEqualTo("\\(null)");
    assertThat(SliceKey.escape("(other)")).isEqualTo("\\(other)");
    assertThat(SliceKey.escape("\\(null)")).isEqualTo("\\\\(null)");
    assertThat(SliceKey.escape("\\\\(other)")).isEqualTo("\\\\\\(other)");
    for (String kept :
        List.of("en", "", "(nul)", "(null) ", " (null)", "x(null)", "(NULL)", "\\", "(other)x")) {
      assertThat(SliceKey.escape(kept)).isEqualTo(kept);
    }
  }

  @Test
  void escapingIsInjectiveAndNeverGivesAMarker() {
    // Every string of up to 3 characters from an alphabet around the markers, plus the markers
    // with up to 3 backslashes: distinct values stay distinct, and none becomes a marker.
    List<String> values = new java.util.ArrayList<>();
    String alphabet = "\\(n)";
    values.add("");
    for (int len = 1; len <= 3; len++) {
      int n = (int) Math.pow(alphabet.length(), len);
      for (int i = 0; i < n; i++) {
        StringBuilder b = new StringBuilder();
        for (int k = 0, x = i; k < len; k++, x /= alphabet.length()) {
          b.append(alphabet.charAt(x % alphabet.length()));
        }
        values.add(b.toString());
      }
    }
    for (String marker : List.of(SliceKey.NULL_VALUE, SliceKey.OTHER_VALUE)) {
      for (int k = 0; k <= 3; k++) {
        values.add("\\".repeat(k) + marker);
      }
    }
    java.util.Set<String> escaped = new java.util.HashSet<>();
    for (String v : values) {
      String e = SliceKey.escape(v);
      assertThat(e).isNotIn(SliceKey.NULL_VALUE, SliceKey.OTHER_VALUE);
      assertThat(escaped.add(e)).as("escape(%s) = %s is new", v, e).isTrue();
    }
  }

  @Test
  void overallIsThePooledMarkerForBothSliceAndValue() {
    assertThat(SliceKey.OVERALL).isEqualTo(new SliceKey("*", "*"));
    assertThat(SliceKey.OVERALL.isOverall()).isTrue();
    assertThat(new SliceKey("language", "*").isOverall()).isFalse();
    assertThat(new SliceKey("*", "*").isOverall()).isTrue();
  }

  @Test
  void nullSliceOrValueIsRejected() {
    assertThatThrownBy(() -> new SliceKey("language", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null slice or value");
    assertThatThrownBy(() -> new SliceKey(null, "en"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null slice or value");
  }
}
