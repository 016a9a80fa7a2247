package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairedOutcomeTest {

  @Test
  void eachOutcomeSaysWhichModelWasRight() {
    //                   baseline right   candidate right
    // both_right              x                 x
    // fixed                                     x
    // broken                  x
    // both_wrong
    assertThat(PairedOutcome.BOTH_RIGHT.isBaselineRight()).isTrue();
    assertThat(PairedOutcome.BOTH_RIGHT.isCandidateRight()).isTrue();
    assertThat(PairedOutcome.FIXED.isBaselineRight()).isFalse();
    assertThat(PairedOutcome.FIXED.isCandidateRight()).isTrue();
    assertThat(PairedOutcome.BROKEN.isBaselineRight()).isTrue();
    assertThat(PairedOutcome.BROKEN.isCandidateRight()).isFalse();
    assertThat(PairedOutcome.BOTH_WRONG.isBaselineRight()).isFalse();
    assertThat(PairedOutcome.BOTH_WRONG.isCandidateRight()).isFalse();
  }

  @Test
  void idsRoundTripAndUnknownIdsAreRejected() {
    for (PairedOutcome o : PairedOutcome.values()) {
      assertThat(PairedOutcome.fromId(o.id())).isEqualTo(o);
    }
    assertThatThrownBy(() -> PairedOutcome.fromId("tied"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tied'");
  }
}
