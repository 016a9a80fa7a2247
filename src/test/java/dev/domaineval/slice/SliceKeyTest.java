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
