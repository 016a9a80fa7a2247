package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationCountTest {

  @Test
  void parseSplitsTheReasonFromItsDetailAndReasonIdJoinsThemAgain() {
    ReconciliationCount missing =
        ReconciliationCount.parse("labels", null, "missing_prediction:base,ft-v1", 3);
    assertThat(missing.reason()).isEqualTo(Reason.MISSING_PREDICTION);
    assertThat(missing.detail()).isEqualTo("base,ft-v1");
    assertThat(missing.reasonId()).isEqualTo("missing_prediction:base,ft-v1");

    ReconciliationCount score = ReconciliationCount.parse("scores", null, "valid:ft-v1", 5);
    assertThat(score.reason()).isEqualTo(Reason.VALID_SCORE);
    assertThat(score.reasonId()).isEqualTo("valid:ft-v1");

    ReconciliationCount matched = ReconciliationCount.parse("predictions", "base", "matched", 7);
    assertThat(matched).isEqualTo(ReconciliationCount.of("predictions", "base", Reason.MATCHED, 7));
    assertThat(matched.reasonId()).isEqualTo("matched");
  }

  @Test
  void everyReasonIdParsesBackToItsReason() {
    for (Reason r : Reason.values()) {
      assertThat(Reason.fromId(r.id())).isEqualTo(r);
      assertThat(ReconciliationCount.parse("t", null, r.id(), 1).reason()).isEqualTo(r);
    }
  }

  @Test
  void anUnknownReasonIsRejectedWithItsId() {
    assertThatThrownBy(() -> ReconciliationCount.parse("labels", null, "lost:base", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lost'");
  }

  @Test
  void byTableAndReasonSumsTheModelsAndDropsZeros() {
    Map<String, Map<String, Long>> byTable =
        ReconciliationCount.byTableAndReason(
            List.of(
                ReconciliationCount.of("predictions", "base", Reason.MATCHED, 4),
                ReconciliationCount.of("predictions", "ft-v1", Reason.MATCHED, 5),
                ReconciliationCount.of("predictions", "ft-v1", Reason.DUPLICATE_KEY, 0),
                ReconciliationCount.parse("labels", null, "missing_prediction:base", 2)));
    assertThat(byTable)
        .isEqualTo(
            Map.of(
                "labels", Map.of("missing_prediction:base", 2L),
                "predictions", Map.of("matched", 9L)));
  }
}
