package dev.domaineval;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.AnswerRules;
import dev.domaineval.input.AnswerChain;
import dev.domaineval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pass normalises predictions on the executors with the function of {@link
 * AnswerChain#byDomain}, labels and aliases on the driver with {@link AnswerChain} itself: both
 * must give the same key and rule on every text (the function is shipped with its chains, its
 * patterns compiled again where it runs), or a right answer would be counted wrong.
 */
@ExtendWith(SharedSpark.class)
class AnswerChainIT {
  private static final List<String> TEXTS =
      Arrays.asList(
          null,
          "",
          "   ",
          "spam",
          "  spam ",
          "Spam.",
          " SPAM",
          "\uFF33\uFF30\uFF21\uFF2D",
          "not\t \n spam",
          "not\u00A0spam",
          "\u3000spam\u3000",
          "\"spam\"",
          "\u00ABspam\u00BB",
          "\u201Cspam.\u201D",
          "(spam)!",
          "[N/A]",
          "a",
          "A.",
          "\"...\"",
          "Answer: Junk!",
          "answer: not  spam.",
          "The answer: (ham)",
          "Answer: (...)",
          "e\u0301t\u00E9",
          "\uFB01ne",
          "Stra\u00DFe",
          "\u0130stanbul",
          "spam\u3002",
          "spam \uD83D\uDC4D",
          "\\spam/",
          "'spam'.",
          "<unk>",
          "I'm sorry, I can't help with that.",
          "I\u2019m  afraid I cannot answer",
          "As an AI language model, I cannot classify this",
          "Sorry for the wait. Answer: spam",
          "No comment.",
          "UNSURE.",
          "Answer: unsure",
          "Cannot  determine");

  static List<Object[]> chains() {
    AnswerRules llm =
        new AnswerRules(
            true,
            true,
            true,
            true,
            "answer:\\s*(.+)",
            Map.of("spam", List.of("junk", "Unsolicited"), "ham", List.of("not spam")));
    return List.of(
        new Object[] {"defaults", AnswerRules.defaults(), false},
        new Object[] {"defaults, case-sensitive", AnswerRules.defaults(), true},
        new Object[] {"trim only", AnswerRules.trimOnly(), false},
        new Object[] {
          "quotes, no punctuation", new AnswerRules(true, false, true, false, "", Map.of()), false
        },
        new Object[] {"pattern and aliases", llm, false},
        new Object[] {
          "refusals and abstentions",
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
          false
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chains")
  void sparkSqlAndJavaGiveTheSameKeyAndRule(
      String name, AnswerRules rules, boolean caseSensitive, SparkSession spark) {
    AnswerChain chain = new AnswerChain(rules, caseSensitive);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      rows.add(RowFactory.create(i, TEXTS.get(i)));
    }
    Dataset<Row> df =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("i", DataTypes.IntegerType, false)
                .add("raw", DataTypes.StringType, true));
    List<Row> out =
        df.select(
                col("i"),
                AnswerChain.byDomain(
                        new dev.domaineval.config.Normalization(rules, Map.of()),
                        caseSensitive,
                        org.apache.spark.sql.functions.lit("any"),
                        col("raw"))
                    .as("a"))
            .select(col("i"), col("a.key"), col("a.rule"))
            .orderBy("i")
            .collectAsList();

    assertThat(out).hasSize(TEXTS.size());
    for (Row r : out) {
      String text = TEXTS.get(r.getInt(0));
      AnswerChain.Normalized expected = chain.normalize(text);
      assertThat(new AnswerChain.Normalized(r.getString(1), r.getString(2)))
          .as("%s: %s", name, text == null ? "null" : "'" + text + "'")
          .isEqualTo(expected);
    }
  }
}
