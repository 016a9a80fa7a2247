package dev.domaineval.findings;

import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.domaineval.config.Policy;
import dev.domaineval.slice.SliceKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ForgettingRule} on its own. */
class ForgettingRuleTest {
  private final ForgettingRule rule = new ForgettingRule();

  // general (multiclass), sliced by source, 100 examples; base all right, tuned calls 15 of the
  // 20 news of the forum chat: accuracy and recall of news drop significantly (p = 6.1e-5),
  // overall and in the forum (40 examples); the web (60 examples) is unchanged.
  private static Run newsForgotten(Policy.Role role) {
    SliceKey forum = new SliceKey("source", "forum");
    SliceKey web = new SliceKey("source", "web");
    return new Run()
        .policy("general", new Policy("recall", Map.of(), 30, role))
        .examples("general", forum, "news", "news", "chat", 15)
        .examples("general", forum, "news", "news", "news", 5)
        .examples("general", forum, "chat", "chat", "chat", 20)
        .examples("general", web, "news", "news", "news", 20)
        .examples("general", web, "chat", "chat", "chat", 20)
        .examples("general", web, "code", "code", "code", 20);
  }

  @Test
  void aDropOutOfDomainFailsOverallAndWarnsInASlice() {
    SliceKey forum = new SliceKey("source", "forum");

    assertThat(rule.findings(newsForgotten(Policy.Role.OUT_OF_DOMAIN).evidence()))
        .extracting(Finding::severity, Finding::model, Finding::slice)
        .containsExactlyInAnyOrder(
            tuple(Severity.FAIL, TUNED, SliceKey.OVERALL),
            tuple(Severity.FAIL, TUNED, SliceKey.OVERALL),
            tuple(Severity.WARN, TUNED, forum),
            tuple(Severity.WARN, TUNED, forum));
    assertThat(rule.findings(newsForgotten(Policy.Role.OUT_OF_DOMAIN).evidence()))
        .allSatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.FORGETTING);
              assertThat(f.message())
                  .endsWith(
                      ": the candidate forgot some of what the base model knew outside its"
                          + " domain.");
            });
  }

  @Test
  void aDropInDomainIsNotForgetting() {
    assertThat(rule.findings(newsForgotten(Policy.Role.IN_DOMAIN).evidence())).isEmpty();
  }
}
