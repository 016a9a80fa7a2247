package dev.domaineval.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.config.SliceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allow-list of slice expressions on Spark's parser alone (no session): what is allowed, what
 * is refused with which name, and the message of a job with several bad slices.
 */
class SliceExpressionsTest {
  private static final ParserInterface PARSER = CatalystSqlParser$.MODULE$;
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));

  /** A job file's {@code expr = "..."}; group 1 is the expression, still HOCON-escaped. */
  private static final Pattern EXPR = Pattern.compile("expr\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "language",
        "`my column`",
        "t.language",
        "meta.source",
        "tags[0]",
        "attrs['site']",
        "CASE WHEN CAST(input_tokens AS INT) < 256 THEN 'short' ELSE 'long' END",
        "CAST(CAST(input_tokens AS INT) DIV 1000 AS STRING)",
        "CAST(round(CAST(score AS DOUBLE), 1) AS STRING)",
        "substr(example_id, -1)",
        "UPPER(language)",
        "try_cast(n AS INT) % 10",
        "n::int + 1",
        "-n * 2 / 3 - +n",
        "a = 1 AND b <> 2 OR NOT c >= 3 AND d <=> e",
        "a IS DISTINCT FROM b",
        "a IN ('en', 'de')",
        "a NOT IN (1, 2)",
        "a IS NULL OR b IS NOT NULL OR c IS UNKNOWN",
        "a LIKE 'x%' OR a NOT ILIKE 'y%' OR a RLIKE '^z' OR a LIKE ANY ('p%', 'q%')",
        "a BETWEEN 1 AND 10",
        "IF(a > 1, 'big', 'small')",
        "coalesce(nullif(trim(language), ''), 'none')",
        "nvl2(a, 'set', 'unset')",
        "concat_ws('-', lower(a), upper(b)) || '!'",
        "regexp_extract(url, '^https?://([^/]+)', 1)",
        "regexp_replace(a, '[0-9]+', '#')",
        "split_part(path, '/', 2)",
        "lpad(CAST(n AS STRING), 5, '0')",
        "left(a, 2) || right(a, 2)",
        "trim(BOTH 'x' FROM a)",
        "position('a' IN b)",
        "substring(a FROM 2 FOR 3)",
        "greatest(a, b) - least(a, c)",
        "floor(log10(n + 1))",
        "width_bucket(score, 0, 1, 10)",
        "pmod(hash(example_id), 10)",
        "date_format(to_date(created, 'yyyy-MM-dd'), 'yyyy-MM')",
        "year(d) * 100 + month(d)",
        "datediff(d, DATE '2026-01-01') DIV 7",
        "extract(DAYOFWEEK FROM d)",
        "timestampdiff(DAY, a, b)",
        "d + INTERVAL 1 DAY",
        "a & 1 | b ^ ~c"
      })
  void allowsColumnsLiteralsOperatorsAndTheListedFunctions(String sql) {
    assertThat(SliceExpressions.refusals(PARSER, sql)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          java_method('java.lang.System', 'getenv', 'PATH')       | the function 'java_method' is not allowed in slice expressions (it calls Java methods)
          reflect('java.lang.System', 'exit', 0)                  | the function 'reflect' is not allowed in slice expressions (it calls Java methods)
          try_reflect('java.lang.System', 'exit', 0)              | the function 'try_reflect'
          JAVA_METHOD('java.lang.System', 'getenv', 'PATH')       | the function 'JAVA_METHOD'
          `java_method`('java.lang.System', 'getenv', 'PATH')     | the function 'java_method'
          upper(java_method('java.lang.System', 'getenv', 'X'))   | the function 'java_method'
          (SELECT max(value) FROM text.`/etc/passwd`)             | a scalar subquery (SELECT ...) is not allowed
          concat(a, (SELECT 1))                                   | a scalar subquery (SELECT ...)
          EXISTS (SELECT 1)                                       | EXISTS (SELECT ...) is not allowed
          a IN (SELECT 1)                                         | IN (SELECT ...) is not allowed
          rand()                                                  | the function 'rand' is not allowed in slice expressions (it is not deterministic
          randn(1)                                                | the function 'randn'
          uuid()                                                  | the function 'uuid'
          shuffle(array(1, 2))                                    | the function 'shuffle'
          monotonically_increasing_id()                           | the function 'monotonically_increasing_id'
          input_file_name()                                       | the function 'input_file_name'
          spark_partition_id()                                    | the function 'spark_partition_id'
          current_timestamp()                                     | the function 'current_timestamp'
          now()                                                   | the function 'now'
          current_user()                                          | the function 'current_user' is not allowed in slice expressions (it reads the session
          count(*)                                                | the function 'count' is not allowed in slice expressions (it is an aggregate
          max(a) OVER (PARTITION BY b)                            | a window (OVER ...) is not allowed
          explode(array(a))                                       | the function 'explode' is not allowed in slice expressions (it makes rows
          transform(array(a), x -> x + 1)                         | the function 'transform' is not allowed in slice expressions (it is a higher-order function
          my_udf(a)                                               | the function 'my_udf' is not allowed in slice expressions (it is not one of the allowed built-in functions)
          spark_catalog.default.upper(a)                          | the function 'spark_catalog.default.upper' is not allowed
          read_files('/etc')                                      | the function 'read_files'
          *                                                       | a star (*) is not allowed
          upper(a) AS b                                           | an alias (AS ...) is not allowed
          :name                                                   | a parameter marker
          IDENTIFIER('java_method')('a', 'b')                     | IDENTIFIER(...) is not allowed
          named_struct('a', a)                                    | the function 'named_struct'
          (a, b)                                                  | the construct 'named_struct' is not allowed
          a COLLATE UTF8_LCASE                                    | the construct 'collate' is not allowed
          """)
  void refusesAndNamesWhatIsNotAllowed(String sql, String expected) {
    List<SliceExpressions.Refusal> refusals = SliceExpressions.refusals(PARSER, sql);

    assertThat(refusals).hasSize(1);
    assertThat(refusals.get(0).message()).contains(expected);
    assertThat(refusals.get(0).notAllowed()).isTrue();
  }

  @Test
  void namesEveryConstructThatIsNotAllowedOnce() {
    assertThat(SliceExpressions.refusals(PARSER, "concat(rand(), uuid(), rand(), lower(a))"))
        .extracting(SliceExpressions.Refusal::message)
        .containsExactly(
            "the function 'rand' is not allowed in slice expressions (it is not deterministic: a"
                + " row could get another value in another run)",
            "the function 'uuid' is not allowed in slice expressions (it is not deterministic: a"
                + " row could get another value in another run)");
  }

  @Test
  void aggregateSyntaxOnAnAllowedFunctionIsRefused() {
    assertThat(SliceExpressions.refusals(PARSER, "upper(DISTINCT a)"))
        .extracting(SliceExpressions.Refusal::message)
        .containsExactly(
            "the function 'upper' is not allowed in slice expressions (DISTINCT, FILTER, IGNORE or"
                + " RESPECT NULLS and WITHIN GROUP belong to aggregates)");
  }

  @Test
  void variableSubstitutionIsRefusedBeforeParsing() {
    // Spark's session parser would turn '${env:HOME}' into the literal value of $HOME.
    assertThat(SliceExpressions.refusals(PARSER, "concat(a, '${env:HOME}')"))
        .containsExactly(
            new SliceExpressions.Refusal(
                "'${' is not allowed in slice expressions (Spark's parser would replace ${...} with"
                    + " a setting, a system property or an environment variable)",
                true));
  }

  @Test
  void aParseErrorGivesTheParsersReasonAndWhere() {
    assertThat(SliceExpressions.refusals(PARSER, "upper(language"))
        .containsExactly(
            new SliceExpressions.Refusal(
                "the expression cannot be parsed: Syntax error at or near end of input: missing"
                    + " ')' at character 15 of \"upper(language\"",
                false));
  }

  @Test
  void everyBadSliceIsReportedAtOnceWithItsKeyAndTheAllowList() {
    List<SliceSpec> slices =
        List.of(
            column("language"),
            expression("length", "CASE WHEN n < 10 THEN 'short' ELSE 'long' END"),
            expression("env", "java_method('java.lang.System', 'getenv', 'PATH')"),
            expression("broken", "upper(language"),
            expression("random", "rand()"));

    assertThatThrownBy(() -> SliceExpressions.check(PARSER, slices))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Invalid slice expressions (3 problems):")
        .hasMessageContaining(
            "  - Invalid slice 'env' (slices[2].expr): the function 'java_method' is not allowed"
                + " in slice expressions (it calls Java methods).")
        .hasMessageContaining("  - Invalid slice 'broken' (slices[3].expr): the expression cannot")
        .hasMessageContaining("  - Invalid slice 'random' (slices[4].expr): the function 'rand'")
        .hasMessageContaining(
            "In slice expressions allowed are column references (also of struct fields")
        .hasMessageContaining(", and the functions abs, add_months, ascii,")
        .hasMessageEndingWith("; see docs/operations.md#slice-expressions.");
  }

  @Test
  void oneBadSliceIsOneLineWithTheAllowList() {
    List<SliceSpec> slices = List.of(expression("env", "reflect('java.lang.System', 'exit', 0)"));

    assertThatThrownBy(() -> SliceExpressions.check(PARSER, slices))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "Invalid slice 'env' (slices[0].expr): the function 'reflect' is not allowed in slice"
                + " expressions (it calls Java methods); allowed are column references")
        .hasMessageEndingWith(", year, zeroifnull; see docs/operations.md#slice-expressions.")
        .hasMessageNotContaining("\n");
  }

  @Test
  void goodSlicesPass() {
    SliceExpressions.check(
        PARSER, List.of(column("language"), expression("lang", "upper(language)")));
  }

  @Test
  void namesThatSparkReadsAsFunctionsAreFoundForTheColumnCheck() {
    assertThat(SliceExpressions.functionLikeNames(PARSER, "upper(user)")).containsExactly("user");
    assertThat(SliceExpressions.functionLikeNames(PARSER, "CURRENT_TIMESTAMP"))
        .containsExactly("CURRENT_TIMESTAMP");
    assertThat(SliceExpressions.functionLikeNames(PARSER, "_metadata.file_path"))
        .containsExactly("_metadata");
    assertThat(SliceExpressions.functionLikeNames(PARSER, "t.user || current_date()")).isEmpty();
  }

  @Test
  void everyAllowedFunctionIsASparkBuiltInAndNoneHasAReasonToBeRefused() {
    List<String> unknown = new ArrayList<>();
    for (String f : SliceFunctions.ALLOWED) {
      if (!FunctionRegistry$.MODULE$.builtin().functionExists(FunctionIdentifier.apply(f))) {
        unknown.add(f);
      }
      assertThat(SliceFunctions.reason(f)).as(f).isEmpty();
    }
    assertThat(unknown).as("allowed functions that Spark does not have").isEmpty();
  }

  @Test
  void theExpressionsOfTheShippedJobsAndDocsAreAllowed() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> conf = Files.list(ROOT.resolve("conf"));
        Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      conf.filter(p -> p.toString().endsWith(".conf")).forEach(files::add);
      docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
    }
    files.add(ROOT.resolve("README.md"));
    files.add(ROOT.resolve("src/main/resources/reference.conf"));
    List<String> expressions = new ArrayList<>();
    for (Path file : files) {
      Matcher m = EXPR.matcher(Files.readString(file));
      while (m.find()) {
        String sql = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        expressions.add(sql);
        assertThat(SliceExpressions.refusals(PARSER, sql)).as("%s: %s", file, sql).isEmpty();
      }
    }
    // The sample's, the example nightly job's, the docs' and reference.conf's.
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void theDocsListEveryAllowedFunctionByKind() throws IOException {
    String docs = Files.readString(ROOT.resolve("docs/operations.md"));
    int start = docs.indexOf("\n## Slice expressions\n");
    assertThat(start).as("section 'Slice expressions' of docs/operations.md").isPositive();
    int end = docs.indexOf("\n## ", start + 1);
    String section = docs.substring(start, end < 0 ? docs.length() : end);
    TreeSet<String> missing = new TreeSet<>();
    SliceFunctions.BY_KIND.forEach(
        (kind, functions) -> {
          Optional<String> row =
              section.lines().filter(l -> l.startsWith("| " + kind + " |")).findFirst();
          assertThat(row).as("row '%s' of the functions table", kind).isPresent();
          for (String f : functions) {
            if (!row.get().contains("`" + f + "`")) {
              missing.add(f);
            }
          }
        });
    assertThat(missing).as("allowed functions missing from the docs").isEmpty();
  }

  private static SliceSpec column(String name) {
    return new SliceSpec(name, SliceSpec.Kind.COLUMN, name, List.of(), Optional.empty(), false);
  }

  private static SliceSpec expression(String name, String sql) {
    return new SliceSpec(name, SliceSpec.Kind.EXPRESSION, sql, List.of(), Optional.empty(), false);
  }
}
