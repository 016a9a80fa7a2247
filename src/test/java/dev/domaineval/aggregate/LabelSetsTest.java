package dev.domaineval.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.config.AnswerRules;
import dev.domaineval.config.DomainSpec;
import dev.domaineval.config.Normalization;
import dev.domaineval.config.Policy;
import dev.domaineval.input.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelSetsTest {
  private static final boolean CASE_INSENSITIVE = false;
  private static final boolean CASE_SENSITIVE = true;

  @Test
  void labelSetsAreInferredFromTheLabelsOfEachDomain() {
    LabelSets sets =
        LabelSets.build(
            Map.of(
                "medical", Map.of("urgent", 2L, "routine", 5L),
                "legal", Map.of("ip", 1L, "contract", 3L)),
            Map.of(),
            CASE_INSENSITIVE,
            200);

    assertThat(sets.domains()).containsExactly("legal", "medical");
    assertThat(sets.labels("legal")).containsExactly("contract", "ip");
    assertThat(sets.labels("medical")).containsExactly("routine", "urgent");
    assertThat(sets.labels("general")).isEmpty();
  }

  @Test
  void configuredLabelSetIsUsedEvenWhenALabelNeverOccurs() {
    LabelSets sets =
        LabelSets.build(
            Map.of("legal", Map.of("contract", 3L, "ip", 1L)),
            Map.of("legal", multiclass("legal", "contract", "litigation", "ip", "employment")),
            CASE_INSENSITIVE,
            200);

    assertThat(sets.labels("legal")).containsExactly("contract", "employment", "ip", "litigation");
  }

  @Test
  void binaryDomainIncludesItsPositiveClassEvenWhenItNeverOccurs() {
    LabelSets sets =
        LabelSets.build(
            Map.of("medical", Map.of("routine", 4L)),
            Map.of("medical", binary("medical", "urgent")),
            CASE_INSENSITIVE,
            200);

    assertThat(sets.labels("medical")).containsExactly("routine", "urgent");
  }

  @Test
  void labelOutsideTheConfiguredSetNamesLabelDomainRowsAndTheKeyToFix() {
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("legal", Map.of("contract", 3L, "tax", 4L)),
                    Map.of("legal", multiclass("legal", "contract", "ip")),
                    CASE_INSENSITIVE,
                    200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("label 'tax' in domain 'legal' (4 rows)")
        .hasMessageContaining("not in its configured label set [contract, ip]")
        .hasMessageContaining("domains.legal.labels");
  }

  @Test
  void binaryDomainWithThreeLabelsIsAnError() {
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("medical", Map.of("urgent", 2L, "routine", 5L, "unclear", 1L)),
                    Map.of("medical", binary("medical", "urgent")),
                    CASE_INSENSITIVE,
                    200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("domain 'medical' has positive-class 'urgent' but 3 labels")
        .hasMessageContaining("[routine, unclear, urgent]")
        .hasMessageContaining("domains.medical.positive-class");
  }

  @Test
  void labelsDifferingOnlyInCaseAreAnErrorUnlessCaseSensitive() {
    Map<String, Map<String, Long>> observed = Map.of("spam", Map.of("Spam", 1L, "spam", 2L));

    assertThatThrownBy(() -> LabelSets.build(observed, Map.of(), CASE_INSENSITIVE, 200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("domain 'spam' has labels 'Spam' and 'spam' that differ only in case")
        .hasMessageContaining("input.case-sensitive = true");

    LabelSets sets = LabelSets.build(observed, Map.of(), CASE_SENSITIVE, 200);
    assertThat(sets.labels("spam")).containsExactly("Spam", "spam");
  }

  @Test
  void configuredDomainWithoutLabelledExamplesNamesTheDomainsFound() {
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("medical", Map.of("urgent", 1L), "legal", Map.of("ip", 1L)),
                    Map.of("medcal", binary("medcal", "urgent")),
                    CASE_INSENSITIVE,
                    200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("domain 'medcal' is configured under 'domains'")
        .hasMessageContaining("has no labelled example")
        .hasMessageContaining("(domains in the labels table: [legal, medical])");
  }

  @Test
  void reservedDomainIsAnError() {
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("*", Map.of("a", 2L, "b", 3L)), Map.of(), CASE_INSENSITIVE, 200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("domain '*' (5 labelled rows) is a reserved output token")
        .hasMessageContaining("rename it in the labels table");
  }

  @Test
  void reservedLabelIsAnError() {
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("spam", Map.of("spam", 2L, "(invalid)", 3L)),
                    Map.of(),
                    CASE_INSENSITIVE,
                    200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "label '(invalid)' in domain 'spam' (3 rows) is a reserved output token");
  }

  @Test
  void nullDomainTokenIsReserved() {
    // Rows without a domain are counted as null_domain and never reach the label sets: a domain
    // named "(null)" is a value of the data that the outputs could not tell from a null.
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("(null)", Map.of("spam", 1L)), Map.of(), CASE_INSENSITIVE, 200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("domain '(null)' (1 labelled rows) is a reserved output token");
  }

  @Test
  void everyProblemIsReportedInOneException() {
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of(
                        "legal", Map.of("tax", 1L),
                        "spam", Map.of("Spam", 1L, "spam", 1L)),
                    Map.of(
                        "legal", multiclass("legal", "contract", "ip"),
                        "general", multiclass("general", "positive", "negative")),
                    CASE_INSENSITIVE,
                    200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("The labels do not fit the configuration:")
        .hasMessageContaining("label 'tax' in domain 'legal'")
        .hasMessageContaining("'Spam' and 'spam'")
        .hasMessageContaining("domain 'general' is configured");
  }

  @Test
  void keysAreLowerCasedUnlessCaseSensitive() {
    Map<String, Map<String, Long>> observed = Map.of("spam", Map.of("Spam", 1L, "ham", 2L));

    assertThat(LabelSets.build(observed, Map.of(), CASE_INSENSITIVE, 200).keys())
        .containsExactly(Map.entry("spam", Map.of("spam", "Spam", "ham", "ham")));
    assertThat(LabelSets.build(observed, Map.of(), CASE_SENSITIVE, 200).keys())
        .containsExactly(Map.entry("spam", Map.of("Spam", "Spam", "ham", "ham")));
  }

  private static Normalization normalization(String domain, AnswerRules rules) {
    return new Normalization(AnswerRules.defaults(), Map.of(domain, rules));
  }

  private static AnswerRules refusing(List<String> patterns, List<String> abstain) {
    return new AnswerRules(true, true, true, true, "", Map.of(), false, patterns, abstain);
  }

  @Test
  void labelsGoThroughTheNormalizationAndTheNonAnswersAreKeysOfTheirOwn() {
    Map<String, Map<String, Long>> observed = Map.of("qa", Map.of("Yes.", 1L, "N/A", 2L));

    assertThat(
            LabelSets.build(
                    observed,
                    Map.of(),
                    CASE_INSENSITIVE,
                    200,
                    normalization("qa", refusing(List.of("^i can't"), List.of("unsure"))))
                .keys())
        .containsExactly(
            Map.entry(
                "qa",
                Map.of(
                    "yes", "Yes.",
                    "n/a", "N/A",
                    "(refused)", "(refused)",
                    "(abstained)", "(abstained)")));
    // Without refusals or abstentions, no key can be one.
    assertThat(LabelSets.build(observed, Map.of(), CASE_INSENSITIVE, 200).keys().get("qa"))
        .doesNotContainKey("(refused)");
  }

  @Test
  void aLabelThatWouldBeANonAnswerOrThatTheStepsMergeStopsTheRun() {
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("qa", Map.of("sorry", 1L, "unsure", 1L, "yes", 1L, "yes!", 1L)),
                    Map.of(),
                    CASE_INSENSITIVE,
                    200,
                    normalization("qa", refusing(List.of("^sorry"), List.of("Unsure")))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "label 'sorry' of domain 'qa' would be a refusal: refusal pattern 1 ('^sorry')")
        .hasMessageContaining("label 'unsure' of domain 'qa' is one of its abstain-values")
        .hasMessageContaining("labels 'yes' and 'yes!' that are the same answer ('yes')");
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("spam", Map.of("spam", 1L, "ham", 1L)),
                    Map.of(),
                    CASE_INSENSITIVE,
                    200,
                    normalization(
                        "spam",
                        new AnswerRules(
                            true, true, true, true, "", Map.of("spamm", List.of("junk"))))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("name label 'spamm', which is not one of its labels");
  }

  private static final Policy POLICY = new Policy("recall", Map.of(), 30, Policy.Role.IN_DOMAIN);

  private static DomainSpec multiclass(String name, String... labels) {
    return new DomainSpec(name, Optional.empty(), List.of(labels), POLICY);
  }

  private static DomainSpec binary(String name, String positive) {
    return new DomainSpec(name, Optional.of(positive), List.of(), POLICY);
  }

  @Test
  void aDomainWithMoreClassesThanMaxClassesIsRejectedNamingItsSizeAndSomeLabels() {
    Map<String, Long> free = new java.util.TreeMap<>();
    for (int i = 0; i < 1500; i++) {
      free.put(String.format("free text answer number %04d", i), 1L);
    }
    Map<String, Long> atTheLimit = new java.util.TreeMap<>();
    for (int i = 0; i < 200; i++) {
      atTheLimit.put("c" + i, 1L);
    }
    assertThat(
            LabelSets.build(Map.of("ok", atTheLimit), Map.of(), CASE_INSENSITIVE, 200).labels("ok"))
        .hasSize(200);
    assertThatThrownBy(
            () ->
                LabelSets.build(
                    Map.of("legal", free, "ok", atTheLimit), Map.of(), CASE_INSENSITIVE, 200))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "domain 'legal' has 1500 classes, more than max-classes = 200 (e.g. 'free text answer"
                + " number 0000', 'free text answer number 0001'")
        .hasMessageContaining("check input.labels.columns.label")
        .hasMessageNotContaining("domain 'ok'");
  }
}
