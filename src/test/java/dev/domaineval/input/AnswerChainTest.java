package dev.domaineval.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.config.AnswerRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerChainTest {
  private static final AnswerChain DEFAULTS = new AnswerChain(AnswerRules.defaults(), false);

  private static AnswerRules rules(String pattern, Map<String, List<String>> aliases) {
    return new AnswerRules(true, true, true, true, pattern, aliases);
  }

  private static AnswerChain.Normalized n(AnswerChain chain, String raw) {
    return chain.normalize(raw);
  }

  @Test
  void eachStepIsTheRuleThatDecidedTheAnswer() {
    assertThat(n(DEFAULTS, "spam")).isEqualTo(new AnswerChain.Normalized("spam", "exact"));
    // Spaces around the answer were trimmed before this section existed: still exact.
    assertThat(n(DEFAULTS, "  spam ")).isEqualTo(new AnswerChain.Normalized("spam", "exact"));
    // Full-width letters (U+FF53 ...) are NFKC's.
    assertThat(n(DEFAULTS, "\uFF53\uFF50\uFF41\uFF4D"))
        .isEqualTo(new AnswerChain.Normalized("spam", "unicode"));
    assertThat(n(DEFAULTS, "not\t \n spam"))
        .isEqualTo(new AnswerChain.Normalized("not spam", "white-space"));
    assertThat(n(DEFAULTS, " SPAM")).isEqualTo(new AnswerChain.Normalized("spam", "case"));
    assertThat(n(DEFAULTS, "Spam.")).isEqualTo(new AnswerChain.Normalized("spam", "punctuation"));
    assertThat(n(DEFAULTS, "\"spam\""))
        .isEqualTo(new AnswerChain.Normalized("spam", "punctuation"));
    assertThat(n(DEFAULTS, "(spam)!")).isEqualTo(new AnswerChain.Normalized("spam", "punctuation"));
    assertThat(n(DEFAULTS, "\u201Cspam.\u201D"))
        .isEqualTo(new AnswerChain.Normalized("spam", "punctuation"));
  }

  @Test
  void blankAndMissingAnswersAreNoAnswer() {
    assertThat(n(DEFAULTS, null)).isEqualTo(new AnswerChain.Normalized(null, "invalid"));
    assertThat(n(DEFAULTS, "   ")).isEqualTo(new AnswerChain.Normalized(null, "invalid"));
    assertThat(n(DEFAULTS, "\"...\"")).isEqualTo(new AnswerChain.Normalized(null, "invalid"));
  }

  @Test
  void labelsThatANaiveRuleWouldDestroySurvive() {
    // A class named "a" (HELM's article stripping made it nothing), and "N/A".
    assertThat(DEFAULTS.labelKey("a")).isEqualTo("a");
    assertThat(n(DEFAULTS, "A.")).isEqualTo(new AnswerChain.Normalized("a", "punctuation"));
    assertThat(DEFAULTS.labelKey("N/A")).isEqualTo("n/a");
    assertThat(n(DEFAULTS, "N/A")).isEqualTo(new AnswerChain.Normalized("n/a", "case"));
    // A label that ends in punctuation loses it on both sides, so it still matches.
    assertThat(DEFAULTS.labelKey("Yes.")).isEqualTo("yes");
    assertThat(n(DEFAULTS, "yes")).isEqualTo(new AnswerChain.Normalized("yes", "exact"));
    // Inner punctuation stays: only the ends are stripped.
    assertThat(n(DEFAULTS, "e.g. spam"))
        .isEqualTo(new AnswerChain.Normalized("e.g. spam", "exact"));
  }

  @Test
  void theAnswerPatternExtractsItsFirstGroupAndLeavesOtherAnswersAlone() {
    AnswerChain chain = new AnswerChain(rules("answer:\\s*(.+)", Map.of()), false);

    assertThat(n(chain, "Answer: Spam.")).isEqualTo(new AnswerChain.Normalized("spam", "pattern"));
    assertThat(n(chain, "The answer: \"ham\""))
        .isEqualTo(new AnswerChain.Normalized("ham", "pattern"));
    assertThat(n(chain, "spam")).isEqualTo(new AnswerChain.Normalized("spam", "exact"));
    // A group that catches nothing usable leaves no answer.
    assertThat(n(chain, "Answer: (...)")).isEqualTo(new AnswerChain.Normalized(null, "invalid"));
  }

  @Test
  void aliasesMapAnswersToTheirLabelAfterTheOtherSteps() {
    AnswerChain chain =
        new AnswerChain(
            rules(
                "answer:\\s*(.+)",
                Map.of("spam", List.of("junk", "Unsolicited"), "ham", List.of("not spam"))),
            false);

    assertThat(n(chain, "JUNK!"))
        .isEqualTo(new AnswerChain.Normalized("spam", "alias:junk\u2192spam"));
    assertThat(n(chain, "unsolicited"))
        .isEqualTo(new AnswerChain.Normalized("spam", "alias:Unsolicited\u2192spam"));
    assertThat(n(chain, "Answer: not  spam."))
        .isEqualTo(new AnswerChain.Normalized("ham", "alias:not spam\u2192ham"));
    assertThat(chain.aliasKeys()).containsEntry("not spam", "ham").containsEntry("junk", "spam");
  }

  @Test
  void eachStepCanBeTurnedOff() {
    AnswerChain off = new AnswerChain(AnswerRules.trimOnly(), false);
    assertThat(n(off, "Spam.")).isEqualTo(new AnswerChain.Normalized("spam.", "case"));
    assertThat(n(off, "\uFF53pam")).isEqualTo(new AnswerChain.Normalized("\uFF53pam", "exact"));
    AnswerChain caseSensitive = new AnswerChain(AnswerRules.defaults(), true);
    assertThat(n(caseSensitive, "Spam."))
        .isEqualTo(new AnswerChain.Normalized("Spam", "punctuation"));
    AnswerChain quotesOnly =
        new AnswerChain(new AnswerRules(true, true, true, false, "", Map.of()), false);
    // Opening quotes at the start and closing ones at the end are stripped each on its own.
    assertThat(n(quotesOnly, "'spam'."))
        .isEqualTo(new AnswerChain.Normalized("spam'.", "punctuation"));
    assertThat(n(quotesOnly, "'spam.'"))
        .isEqualTo(new AnswerChain.Normalized("spam.", "punctuation"));
  }

  @Test
  void refusalsAndAbstentionsAreNonAnswersOfTheirOwn() {
    AnswerChain chain =
        new AnswerChain(
            new AnswerRules(
                true,
                true,
                true,
                true,
                "answer:\\s*(.+)",
                Map.of("spam", List.of("junk")),
                true,
                List.of("^no comment"),
                List.of("Unsure", "cannot determine")),
            false);

    // The English list is numbered first (1 to 6), own patterns after it.
    assertThat(n(chain, "I'm sorry, I can't help with that."))
        .isEqualTo(new AnswerChain.Normalized("(refused)", "refusal:1"));
    assertThat(n(chain, "I\u2019m  afraid I cannot answer"))
        .isEqualTo(new AnswerChain.Normalized("(refused)", "refusal:1"));
    assertThat(n(chain, "As an AI language model, I cannot classify this"))
        .isEqualTo(new AnswerChain.Normalized("(refused)", "refusal:3"));
    assertThat(n(chain, "No comment."))
        .isEqualTo(new AnswerChain.Normalized("(refused)", "refusal:7"));
    // An answer the pattern extracts, or an alias, is an answer whatever else it says.
    assertThat(n(chain, "Sorry for the wait. Answer: spam"))
        .isEqualTo(new AnswerChain.Normalized("spam", "pattern"));
    assertThat(n(chain, "UNSURE.")).isEqualTo(new AnswerChain.Normalized("(abstained)", "abstain"));
    assertThat(n(chain, "Cannot  determine"))
        .isEqualTo(new AnswerChain.Normalized("(abstained)", "abstain"));
    assertThat(n(chain, "Answer: unsure"))
        .isEqualTo(new AnswerChain.Normalized("(abstained)", "abstain"));
    assertThat(n(chain, "spam")).isEqualTo(new AnswerChain.Normalized("spam", "exact"));
    assertThat(n(chain, "")).isEqualTo(new AnswerChain.Normalized(null, "invalid"));
    // "Cannot determine" is not knowing, not declining: no English refusal finds it.
    assertThat(chain.refusalNumber("i cannot determine the category")).isZero();
    // What labels are checked against.
    assertThat(chain.refusalNumber("Sorry")).isEqualTo(2);
    assertThat(chain.refusalNumber("spam")).isZero();
    assertThat(chain.abstains("unsure")).isTrue();
    assertThat(chain.hasNonAnswers()).isTrue();
    assertThat(DEFAULTS.hasNonAnswers()).isFalse();
    // Without the English list, its refusals are invalid answers like any other text.
    assertThat(n(DEFAULTS, "I'm sorry, I can't help with that."))
        .isEqualTo(new AnswerChain.Normalized("i'm sorry, i can't help with that", "punctuation"));
  }

  @Test
  void anAbstainValueWinsOverARefusalPatternThatFindsIt() {
    AnswerChain chain =
        new AnswerChain(
            new AnswerRules(
                true,
                true,
                true,
                true,
                "",
                Map.of(),
                true,
                List.of(),
                List.of("I cannot answer that")),
            false);

    assertThat(chain.refusalNumber("i cannot answer that")).isEqualTo(3);
    assertThat(n(chain, "I cannot answer that."))
        .isEqualTo(new AnswerChain.Normalized("(abstained)", "abstain"));
    assertThat(n(chain, "I cannot answer this one."))
        .isEqualTo(new AnswerChain.Normalized("(refused)", "refusal:3"));
  }

  @Test
  void aPlainAnswerTakesAShortWayToWhatTheStepsGive() {
    // The same rules, but a refusal pattern that never matches: every answer takes the steps.
    Map<String, List<String>> aliases = Map.of("spam", List.of("junk"), "ham", List.of("Ok-2"));
    AnswerRules rules =
        new AnswerRules(true, true, true, true, "", aliases, false, List.of(), List.of("unsure"));
    AnswerRules slow =
        new AnswerRules(
            true, true, true, true, "", aliases, false, List.of("(?!)"), List.of("unsure"));
    for (boolean caseSensitive : List.of(false, true)) {
      AnswerChain fast = new AnswerChain(rules, caseSensitive);
      AnswerChain steps = new AnswerChain(slow, caseSensitive);
      java.util.Random random = new java.util.Random(42);
      String chars = "aAbBsSpPmMjJuUnNkKoO019_-";
      List<String> texts = new java.util.ArrayList<>(List.of("junk", "JUNK", "Unsure", "ok-2"));
      for (int i = 0; i < 5000; i++) {
        StringBuilder t = new StringBuilder();
        for (int k = 1 + random.nextInt(6); k > 0; k--) {
          t.append(chars.charAt(random.nextInt(chars.length())));
        }
        texts.add(t.toString());
      }
      for (String t : texts) {
        assertThat(AnswerChain.isPlain(t)).isTrue();
        assertThat(fast.normalize(t)).as(t).isEqualTo(steps.normalize(t));
      }
    }
    assertThat(AnswerChain.isPlain("spam.")).isFalse();
    assertThat(AnswerChain.isPlain("not spam")).isFalse();
    assertThat(AnswerChain.isPlain("\u00E9t\u00E9")).isFalse();
    assertThat(AnswerChain.isPlain("")).isFalse();
  }

  @Test
  void anAliasThatIsItsLabelOrMeansTwoLabelsIsRefused() {
    assertThatThrownBy(() -> new AnswerChain(rules("", Map.of("spam", List.of("SPAM!"))), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alias 'SPAM!' of label 'spam' is the label itself");
    assertThatThrownBy(
            () ->
                new AnswerChain(
                    rules("", Map.of("spam", List.of("junk"), "ham", List.of("Junk."))), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("means two labels after normalization ('junk')");
  }
}
