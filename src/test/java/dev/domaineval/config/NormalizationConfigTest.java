package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizationConfigTest {
  private static final String MINIMAL =
      """
      input.predictions.path = "preds"
      input.labels.path = "labels"
      models { baseline = base, candidates = [ft-v1] }
      output.path = "out"
      """;

  private final ConfigLoader loader =
      new ConfigLoader(Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC));

  @TempDir Path dir;

  private JobConfig load(String extra) throws IOException {
    Path job = Files.writeString(dir.resolve("job.conf"), MINIMAL + extra);
    return loader.load(Optional.of(job), List.of());
  }

  @Test
  void theCheapSafeStepsAreOnByDefaultAndNothingElse() throws IOException {
    Normalization n = load("").normalization();

    assertThat(n.defaults()).isEqualTo(AnswerRules.defaults());
    assertThat(n.byDomain()).isEmpty();
    assertThat(n.rules("spam")).isEqualTo(AnswerRules.defaults());
  }

  @Test
  void aDomainsKeysOverrideTheSectionsAndItsAliasesMergeLabelByLabel() throws IOException {
    Normalization n =
        load("""
                normalization { strip-punctuation = false, aliases { spam = [junk] } }
                domains.spam.normalization {
                  answer-pattern = "answer:\\\\s*(.+)"
                  aliases { ham = ["not spam", legit] }
                }
                domains.legal.normalization.unicode = false
                """)
            .normalization();

    assertThat(n.defaults())
        .isEqualTo(new AnswerRules(true, true, true, false, "", Map.of("spam", List.of("junk"))));
    AnswerRules spam = n.rules("spam");
    assertThat(spam.stripPunctuation()).isFalse();
    assertThat(spam.answerPattern()).isEqualTo("answer:\\s*(.+)");
    assertThat(spam.aliases())
        .containsEntry("spam", List.of("junk"))
        .containsEntry("ham", List.of("not spam", "legit"));
    assertThat(n.rules("legal").unicode()).isFalse();
    assertThat(n.rules("legal").whiteSpace()).isTrue();
    assertThat(n.rules("general")).isEqualTo(n.defaults());
  }

  @Test
  void rawAnswersAreKeptUnlessTurnedOffForTheRunOrADomain() throws IOException {
    Normalization kept = load("").normalization();
    assertThat(kept.keepsRawAnswers()).isTrue();
    assertThat(kept.rules("spam").keepRawAnswers()).isTrue();

    Normalization medicalOff =
        load("domains.medical.normalization.keep-raw-answers = false").normalization();
    assertThat(medicalOff.rules("medical").keepRawAnswers()).isFalse();
    assertThat(medicalOff.rules("spam").keepRawAnswers()).isTrue();
    assertThat(medicalOff.keepsRawAnswers()).isTrue();

    Normalization off = load("normalization.keep-raw-answers = false").normalization();
    assertThat(off.keepsRawAnswers()).isFalse();
    Normalization onlySpam =
        load("""
                normalization.keep-raw-answers = false
                domains.spam.normalization.keep-raw-answers = true
                """)
            .normalization();
    assertThat(onlySpam.keepsRawAnswers()).isTrue();
    assertThat(onlySpam.rules("legal").keepRawAnswers()).isFalse();
  }

  @Test
  void refusalsAndAbstentionsAreOffByDefaultAndReadWhenSet() throws IOException {
    assertThat(load("").normalization().defaults().hasNonAnswers()).isFalse();
    AnswerRules r =
        load("""
                domains.qa.normalization {
                  english-refusals = true
                  refusal-patterns = ["^no comment"]
                  abstain-values = [unsure, "cannot determine"]
                }
                """)
            .normalization()
            .rules("qa");
    assertThat(r.englishRefusals()).isTrue();
    assertThat(r.refusalPatterns()).containsExactly("^no comment");
    assertThat(r.abstainValues()).containsExactly("unsure", "cannot determine");
    assertThatThrownBy(() -> load("normalization.refusal-patterns = [\"(sorry\"]\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'normalization.refusal-patterns'")
        .hasMessageContaining("pattern 1, '(sorry', is not a regular expression");
  }

  @Test
  void anAliasMayBeOneString() throws IOException {
    assertThat(load("normalization.aliases { spam = junk }\n").normalization().defaults().aliases())
        .containsEntry("spam", List.of("junk"));
  }

  @Test
  void badPatternsAliasesAndKeysAreReportedTogether() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    normalization.answer-pattern = "answer: .+"
                    domains.spam.normalization {
                      answer-pattern = "answer: (.+"
                      aliases { spam = [junk, " "], ham = [JUNK] }
                      colour = red
                    }
                    """))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'normalization.answer-pattern' (")
        .hasMessageContaining("job.conf: 5): the pattern 'answer: .+' has no group")
        .hasMessageContaining("'domains.spam.normalization.answer-pattern'")
        .hasMessageContaining("is not a regular expression (Java syntax)")
        .hasMessageContaining("a blank alias of label 'spam'")
        .hasMessageMatching(
            "(?s).*alias '(junk|JUNK)' is listed for labels '(ham|spam)' and '(ham|spam)'.*")
        .hasMessageContaining("Unknown key 'domains.spam.normalization.colour'");
  }
}
