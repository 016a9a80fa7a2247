package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.domaineval.config.SliceSpec.Kind;
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

class ConfigLoaderTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T18:30:00Z"), ZoneOffset.UTC);

  /** A valid job in four lines: text appended to it starts on line 5 of job.conf. */
  private static final String MINIMAL =
      """
      input.predictions.path = "preds"
      input.labels.path = "labels"
      models { baseline = base, candidates = [ft-v1] }
      output.path = "out"
      """;

  /** An environment variable that no test environment sets. */
  private static final String UNSET_VAR = "DOMAIN_EVAL_TEST_NEVER_SET_7F3A";

  private final ConfigLoader loader = new ConfigLoader(CLOCK);

  @TempDir Path dir;

  // ---- the sample job ----

  @Test
  void sampleJobLoadsWithItsModelsSlicesDomainsAndInputs() {
    Path sample = Path.of(System.getProperty("user.dir"), "conf/sample.conf");

    JobConfig job = loader.load(Optional.of(sample), List.of());

    // sample.conf says run-id = ${?RUN_ID} and output.path = ${?OUTPUT_PATH} after its defaults.
    assertThat(job.runId()).isEqualTo(envOr("RUN_ID", "sample"));
    assertThat(job.outputPath()).isEqualTo(envOr("OUTPUT_PATH", "target/sample-output"));
    assertThat(job.baseline()).isEqualTo("base");
    assertThat(job.candidates()).containsExactly("ft-v1");
    assertThat(job.models()).containsExactly("base", "ft-v1");
    assertThat(job.caseSensitive()).isFalse();
    assertThat(job.duplicates()).isEqualTo(DuplicatePolicy.FAIL);
    assertThat(job.verifyWithMllib()).isZero();
    assertThat(job.verifySeed()).isEqualTo(7);
    assertThat(job.sparkMaster()).isEqualTo("local[*]");
    assertThat(job.appName()).isEqualTo("domain-eval");
    assertThat(job.sparkConf()).isEmpty();

    assertThat(job.predictions())
        .isEqualTo(
            new InputSpec(
                "predictions",
                Optional.of("data-samples/predictions.csv"),
                Optional.empty(),
                "csv",
                Map.of("header", "true"),
                Optional.empty(),
                Map.of(
                    "example_id", "example_id",
                    "model", "model",
                    "prediction", "prediction",
                    "score", "score")));
    assertThat(job.labels())
        .isEqualTo(
            new InputSpec(
                "labels",
                Optional.of("data-samples/labels.csv"),
                Optional.empty(),
                "csv",
                Map.of("header", "true"),
                Optional.empty(),
                Map.of(
                    "example_id", "example_id",
                    "label", "label",
                    "domain", "domain",
                    "split", "split")));

    assertThat(job.slices())
        .containsExactly(
            columnSlice("language"),
            columnSlice("source"),
            columnSlice("split"),
            new SliceSpec(
                "input_length",
                Kind.EXPRESSION,
                "CASE WHEN CAST(input_tokens AS INT) < 256 THEN 'short (<256)'"
                    + " WHEN CAST(input_tokens AS INT) < 2048 THEN 'medium (256-2047)'"
                    + " ELSE 'long (>=2048)' END",
                List.of(),
                Optional.empty(),
                false),
            new SliceSpec(
                "language_x_source",
                Kind.CROSS,
                "",
                List.of("language", "source"),
                Optional.empty(),
                false),
            // Added for ft-v1's fine-tuning data (input.training).
            new SliceSpec("leakage", Kind.LEAKAGE, "ft-v1", List.of(), Optional.empty(), false));
    assertThat(job.training()).containsOnlyKeys("ft-v1");

    Map<String, Double> targets = Map.of("precision", 0.85, "recall", 0.80);
    Policy inDomain = new Policy("recall", targets, 30, Policy.Role.IN_DOMAIN);
    assertThat(job.domains())
        .containsOnly(
            Map.entry(
                "medical",
                new DomainSpec(
                    "medical", Optional.of("urgent"), List.of("urgent", "routine"), inDomain)),
            Map.entry(
                "spam",
                new DomainSpec(
                    "spam",
                    Optional.of("spam"),
                    List.of("spam", "ham"),
                    new Policy("precision", targets, 30, Policy.Role.IN_DOMAIN))),
            Map.entry(
                "legal",
                new DomainSpec(
                    "legal",
                    Optional.empty(),
                    List.of("contract", "litigation", "ip", "employment"),
                    inDomain)),
            Map.entry(
                "general",
                new DomainSpec(
                    "general",
                    Optional.empty(),
                    List.of("positive", "negative", "neutral"),
                    new Policy("recall", targets, 30, Policy.Role.OUT_OF_DOMAIN, 0.05, Map.of()))));
    assertThat(job.policy("unconfigured")).isEqualTo(inDomain);
    assertThat(job.alpha()).isEqualTo(0.05);
    // The sample shows a failing gate on purpose and turns fail-on-gate (default true) off.
    assertThat(job.findings().failOnGate()).isFalse();
    assertThat(job.domain("medical").orElseThrow().isBinary()).isTrue();
    assertThat(job.domain("legal").orElseThrow().isBinary()).isFalse();
  }

  @Test
  void exampleNightlyJobIsValidWithARunIdFromTheScheduler() {
    Path nightly = Path.of(System.getProperty("user.dir"), "conf/example-nightly.conf");

    JobConfig job = loader.load(Optional.of(nightly), List.of("run-id=2026-11-27"));

    assertThat(job.runId()).isEqualTo("2026-11-27");
    assertThat(job.candidates()).hasSize(2);
    assertThat(job.slices()).filteredOn(SliceSpec::highCardinality).hasSize(1);
    assertThat(job.predictions().column("example_id")).contains("request_id");
    assertThat(job.sparkConf()).containsEntry("spark.sql.shuffle.partitions", "400");
  }

  @Test
  void domainPolicyOverridesTheDefaultsKeyByKey() throws IOException {
    Path job =
        write(
            MINIMAL
                + "policy { targets { recall = 0.7 }, min-support = 50 }\n"
                + "domains.medical { positive-class = urgent, targets { recall = 0.9 } }\n"
                + "domains.general { role = out-of-domain, priority = precision }\n");

    JobConfig config = loader.load(Optional.of(job), List.of());

    assertThat(config.policy("medical"))
        .isEqualTo(
            new Policy(
                "recall", Map.of("precision", 0.85, "recall", 0.9), 50, Policy.Role.IN_DOMAIN));
    assertThat(config.policy("general"))
        .isEqualTo(
            new Policy(
                "precision",
                Map.of("precision", 0.85, "recall", 0.7),
                50,
                Policy.Role.OUT_OF_DOMAIN));
  }

  @Test
  void badPolicyValuesAreEachReportedWithTheirKeyAndLine() throws IOException {
    Path job =
        write(
            MINIMAL
                + "domains.medical { priority = auc, role = primary }\n"
                + "domains.spam { targets { precision = 1.5, lift = 0.5 }, min-support = -1 }\n");

    Throwable thrown = catchThrowable(() -> loader.load(Optional.of(job), List.of()));

    assertThat(thrown).isInstanceOf(InvalidConfigException.class);
    assertThat(((InvalidConfigException) thrown).problems())
        .anySatisfy(p -> assertThat(p).contains("domains.medical.priority", "job.conf: 5"))
        .anySatisfy(p -> assertThat(p).contains("domains.medical.role", "in-domain"))
        .anySatisfy(p -> assertThat(p).contains("domains.spam.targets.precision", "[0, 1]"))
        .anySatisfy(p -> assertThat(p).contains("domains.spam.targets.lift"))
        .anySatisfy(p -> assertThat(p).contains("domains.spam.min-support"));
  }

  @Test
  void scoreSettingsDefaultToExactDomainBucketsAndCoarserSliceBuckets() throws IOException {
    JobConfig job = loader.load(Optional.of(write(MINIMAL)), List.of());

    assertThat(job.scores()).isEqualTo(new ScoresSpec(1e-4, 1e-4, 200, 50, 15));
  }

  @Test
  void badScoreSettingsAreEachReportedWithTheirKey() throws IOException {
    Path job =
        write(
            MINIMAL
                + "scores { resolution = 0.3, slice-resolution = 1e-5, curve-points = 1,"
                + " calibration-bins = 0 }\n");

    Throwable thrown = catchThrowable(() -> loader.load(Optional.of(job), List.of()));

    assertThat(thrown).isInstanceOf(InvalidConfigException.class);
    assertThat(((InvalidConfigException) thrown).problems())
        .anySatisfy(p -> assertThat(p).contains("scores.resolution", "1 / n", "0.3"))
        .anySatisfy(p -> assertThat(p).contains("scores.slice-resolution", "finer"))
        .anySatisfy(p -> assertThat(p).contains("scores.curve-points", "at least 2"))
        .anySatisfy(p -> assertThat(p).contains("scores.calibration-bins", "[1, 1000]"));
  }

  @Test
  void aMappedSplitColumnBecomesASliceUnlessOneIsNamedSplit() throws IOException {
    Path job = write(MINIMAL + "input.labels.columns.split = fold\n");

    JobConfig config = loader.load(Optional.of(job), List.of());

    assertThat(config.slices())
        .containsExactly(
            new SliceSpec(
                "split",
                Kind.COLUMN,
                "fold",
                List.of(),
                Optional.of(SliceSpec.TableRef.LABELS),
                false));
    assertThat(config.findings().trainSplit()).isEqualTo("train");
    assertThat(config.findings().overfittingMaxGap()).isEqualTo(0.05);

    JobConfig own =
        loader.load(Optional.of(job), List.of("slices=[{name = split, expr = \"upper(fold)\"}]"));
    assertThat(own.slices()).extracting(SliceSpec::sql).containsExactly("upper(fold)");
  }

  @Test
  void trainingDataOfACandidateAddsItsLeakageSlice() throws IOException {
    Path job =
        write(
            MINIMAL
                + "input.training.ft-v1 { path = \"train\", format = csv,"
                + " columns { example-id = id } }\n");

    JobConfig config = loader.load(Optional.of(job), List.of());

    assertThat(config.training()).containsOnlyKeys("ft-v1");
    assertThat(config.training().get("ft-v1").column("example_id")).contains("id");
    assertThat(config.training().get("ft-v1").format()).isEqualTo("csv");
    assertThat(config.slices())
        .containsExactly(
            new SliceSpec("leakage", Kind.LEAKAGE, "ft-v1", List.of(), Optional.empty(), false));
  }

  @Test
  void badTrainingEntriesAreReportedWithTheirKeys() throws IOException {
    Path job =
        write(
            MINIMAL
                + "input.training.ft-v9 { path = \"t9\", columns { example-id = id } }\n"
                + "input.training.ft-v1 { path = \"t1\", columns { text = prompt }, colour = red }\n");

    Throwable thrown = catchThrowable(() -> loader.load(Optional.of(job), List.of()));

    assertThat(thrown).isInstanceOf(InvalidConfigException.class);
    assertThat(((InvalidConfigException) thrown).problems())
        .anySatisfy(p -> assertThat(p).contains("input.training.ft-v1.colour", "unknown key"))
        .anySatisfy(p -> assertThat(p).contains("input.labels.columns.text", "by text"));
  }

  @Test
  void trainingDataOfAModelThatIsNotACandidateOfTheRunIsIgnored() throws IOException {
    Path job =
        write(MINIMAL + "input.training.ft-v9 { path = \"t9\", columns { example-id = id } }\n");

    JobConfig config = loader.load(Optional.of(job), List.of());

    assertThat(config.training()).isEmpty();
    assertThat(config.slices()).isEmpty();
  }

  @Test
  void aTrainingEntryWithoutMatchColumnsIsReported() throws IOException {
    Path job = write(MINIMAL + "input.training.ft-v1 { path = \"t1\" }\n");

    assertThatThrownBy(() -> loader.load(Optional.of(job), List.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("input.training.ft-v1.columns")
        .hasMessageContaining("example-id column, its text column, or both");
  }

  @Test
  void moreSliceDimensionsThanAGroupingIdHoldsAreReported() throws IOException {
    StringBuilder slices = new StringBuilder("slices = [");
    for (int i = 0; i <= ConfigLoader.MAX_DIMENSIONS; i++) {
      slices.append("{ column = c").append(i).append(" }\n");
    }
    Path job = write(MINIMAL + slices + "]\n");

    assertThatThrownBy(() -> loader.load(Optional.of(job), List.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("57 column and expression slices, at most 56");
  }

  @Test
  void defaultsFillEveryKeyTheJobFileLeavesOut() {
    JobConfig job = load(MINIMAL);

    assertThat(job.predictions().format()).isEqualTo("parquet");
    assertThat(job.predictions().columns())
        .containsOnly(
            Map.entry("example_id", "example_id"),
            Map.entry("model", "model"),
            Map.entry("prediction", "prediction"));
    assertThat(job.labels().columns())
        .containsOnly(
            Map.entry("example_id", "example_id"),
            Map.entry("label", "label"),
            Map.entry("domain", "domain"));
    assertThat(job.slices()).isEmpty();
    assertThat(job.domains()).isEmpty();
    assertThat(job.verifySeed()).isEqualTo(7);
  }

  // ---- precedence and substitution ----

  @Test
  void setOverridesWinOverTheJobFileAndALaterSetWinsOverAnEarlierOne() {
    JobConfig job =
        load(
            MINIMAL + "verify-with-mllib = 2\n",
            "models.baseline=base-v2",
            "models.candidates=[ft-v2, ft-v3]",
            "verify-with-mllib=3",
            "models.baseline=base-v3");

    assertThat(job.baseline()).isEqualTo("base-v3");
    assertThat(job.candidates()).containsExactly("ft-v2", "ft-v3");
    assertThat(job.verifyWithMllib()).isEqualTo(3);
    assertThat(job.outputPath()).isEqualTo("out");
  }

  @Test
  void aJobCanBeGivenEntirelyWithSet() {
    JobConfig job =
        loader.load(
            Optional.empty(),
            List.of(
                "input.predictions.table=eval.predictions",
                "input.labels.table=eval.labels",
                "models.baseline=base",
                "models.candidates=[ft-v1]",
                "output.path=\"s3a://bucket/eval\""));

    assertThat(job.predictions().catalogTable()).contains("eval.predictions");
    assertThat(job.predictions().path()).isEmpty();
    assertThat(job.outputPath()).isEqualTo("s3a://bucket/eval");
  }

  @Test
  void aProblemInASetValueNamesTheSetArgumentAsItsOrigin() {
    assertThatThrownBy(() -> load(MINIMAL, "input.labels.format=xlsx"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'input.labels.format'")
        .hasMessageContaining("(--set input.labels.format: 1)")
        .hasMessageContaining("got \"xlsx\"");
  }

  @Test
  void requiredSubstitutionResolvesFromTheEnvironment() {
    String path = System.getenv("PATH");
    assumeTrue(path != null && !path.isBlank(), "PATH is set in the environment");

    JobConfig job = load(MINIMAL + "spark.app-name = ${PATH}\n");

    assertThat(job.appName()).isEqualTo(path.trim());
  }

  @Test
  void optionalSubstitutionOfAnUnsetVariableKeepsTheEarlierValue() {
    assumeTrue(System.getenv(UNSET_VAR) == null);

    JobConfig job = load(MINIMAL + "run-id = nightly\nrun-id = ${?" + UNSET_VAR + "}\n");

    assertThat(job.runId()).isEqualTo("nightly");
  }

  @Test
  void optionalSubstitutionOfAnUnsetVariableFallsBackToTheDefault() {
    assumeTrue(System.getenv(UNSET_VAR) == null);

    // The default run-id is empty, so the run gets a timestamp.
    JobConfig job = load(MINIMAL + "run-id = ${?" + UNSET_VAR + "}\n");

    assertThat(job.runId()).isEqualTo("20261127T183000Z");
  }

  @Test
  void substitutionReadsEnvironmentVariablesButNotSystemProperties() {
    // Config.resolve() falls back to the environment only; system properties are merged in by
    // ConfigFactory.load(), which the loader does not use.
    String property = "domaineval.test.only.property";
    System.setProperty(property, "from-property");
    try {
      assertThat(load(MINIMAL + "run-id = nightly\nrun-id = ${?" + property + "}\n").runId())
          .isEqualTo("nightly");
      assertThatThrownBy(() -> load(MINIMAL + "run-id = ${" + property + "}\n"))
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("job.conf: 5")
          .hasMessageContaining("${" + property + "}")
          .hasMessageContaining("Set the variable in the environment, or use the optional form");
    } finally {
      System.clearProperty(property);
    }
  }

  @Test
  void emptyRunIdGetsAUtcTimestampFromTheClock() {
    assertThat(load(MINIMAL + "run-id = \"\"\n").runId()).isEqualTo("20261127T183000Z");
    assertThat(load(MINIMAL).runId()).isEqualTo("20261127T183000Z");
  }

  // ---- one test per kind of error ----

  @Test
  void missingJobFileIsReportedWithItsPathAndHowToFixIt() {
    Path missing = dir.resolve("no-such-job.conf");

    assertThatThrownBy(() -> loader.load(Optional.of(missing), List.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Job file '" + missing + "' not found")
        .hasMessageContaining("--config");
  }

  @Test
  void hoconSyntaxErrorIsReportedWithFileAndLine() {
    assertThatThrownBy(() -> load(MINIMAL + "models { baseline = base ]\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Cannot parse job file")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("Expecting close brace }");
  }

  @Test
  void unknownKeyIsReportedWithFileLineAndSuggestion() {
    assertThatThrownBy(() -> load(MINIMAL + "input.labels.colums { label = gold }\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Unknown key 'input.labels.colums.label'")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("Did you mean 'input.labels.columns.label'?");
  }

  @Test
  void unknownKeyFarFromAnyKnownKeyPointsToReferenceConf() {
    assertThatThrownBy(() -> load(MINIMAL + "\nthreshold = 0.5\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Unknown key 'threshold' (")
        .hasMessageContaining("job.conf: 6")
        .hasMessageContaining("see reference.conf");
  }

  @Test
  void unknownTopLevelKeyThatStartsLikeSlicesIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "slices-min-support = 20\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Unknown key 'slices-min-support'")
        .hasMessageContaining("job.conf: 5");
  }

  @Test
  void unknownKeysOfASliceAndOfADomainAreReported() {
    InvalidConfigException e =
        invalid(
            MINIMAL
                + "slices = [ { column = lang, colour = red } ]\n"
                + "domains { medical { positive-clas = urgent } }\n");

    assertThat(e.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("Unknown key 'slices[0].colour'", "job.conf: 5", "column, cross"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "Unknown key 'domains.medical.positive-clas'",
                        "job.conf: 6",
                        "Did you mean 'positive-class'?"));
  }

  @Test
  void listGivenAsANumberIsAWrongType() {
    assertThatThrownBy(() -> load(MINIMAL + "models.candidates = 5\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'models.candidates'")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("expecting: list but got: number");
  }

  @Test
  void numberGivenAsWordIsAWrongType() {
    assertThatThrownBy(() -> load(MINIMAL + "verify-with-mllib = \"five\"\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'verify-with-mllib' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("expected a whole number, got \"five\"");
  }

  @Test
  void seedGivenAsWordIsReportedLikeAnyOtherWrongType() {
    assertThatThrownBy(() -> load(MINIMAL + "verify-seed = abc\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'verify-seed' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("expected a whole number, got \"abc\"");
  }

  @Test
  void booleanGivenAsWordIsAWrongType() {
    assertThatThrownBy(() -> load(MINIMAL + "input.case-sensitive = maybe\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'input.case-sensitive' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("expected true or false, got \"maybe\"");
  }

  @Test
  void nullForAListOrAnObjectIsReportedRatherThanThrownAsABug() {
    assertThatThrownBy(() -> load(MINIMAL + "slices = null\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("'slices' is set to null")
        .hasMessageContaining("Remove the key to use its default");
    assertThatThrownBy(() -> load(MINIMAL + "domains = null\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("'domains' is set to null");
  }

  @Test
  void missingBaselineCandidatesAndOutputPathAreEachReportedOnce() {
    InvalidConfigException e =
        invalid(
            """
            input.predictions.path = "preds"
            input.labels.path = "labels"
            """);

    assertThat(e.problems())
        .containsExactly(
            "Invalid 'models.baseline' (default): no baseline model is set. Set it to the model"
                + " every candidate is compared with, e.g. models.baseline = base.",
            "Invalid 'models.candidates' (default): no candidate model is set. List the"
                + " fine-tuned models to evaluate, e.g. models.candidates = [ft-v1].",
            "Invalid 'output.path' (default): no output path is set. Set it to a directory"
                + " (local, hdfs:// or s3a://), e.g. output.path = \"/data/domain-eval\".");
  }

  @Test
  void blankBaselineSetInTheJobFileNamesItsLine() {
    assertThatThrownBy(() -> load(MINIMAL + "models.baseline = \"  \"\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'models.baseline' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("no baseline model is set");
  }

  @Test
  void blankCandidateIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "models.candidates = [ft-v1, \" \"]\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'models.candidates' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("a model name is blank");
  }

  @Test
  void inputWithBothPathAndTableIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "input.labels.table = eval.labels\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'input.labels.path' (")
        .hasMessageContaining("job.conf: 2")
        .hasMessageContaining("both a path and a table are set for labels")
        .hasMessageContaining("Set only one of input.labels.path and input.labels.table");
  }

  @Test
  void inputWithNeitherPathNorTableIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "input.predictions.path = \"\"\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'input.predictions.path' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("no predictions input is set")
        .hasMessageContaining("input.predictions.table");
  }

  @Test
  void unsupportedFormatIsReportedWithTheSupportedOnes() {
    assertThatThrownBy(() -> load(MINIMAL + "input.labels.format = xlsx\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'input.labels.format' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("expected one of csv, json, orc, parquet, got \"xlsx\"");
  }

  @Test
  void formatIsCaseInsensitive() {
    assertThat(load(MINIMAL + "input.labels.format = CSV\n").labels().format()).isEqualTo("csv");
  }

  @Test
  void runIdThatIsNotSafeInAPathIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "run-id = \"2026-11-27T00:00:00+00:00\"\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'run-id' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("got \"2026-11-27T00:00:00+00:00\"")
        .hasMessageContaining("{{ ts_nodash }}");
  }

  @Test
  void unknownDuplicatePolicyIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "input.on-duplicate-keys = drop\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'input.on-duplicate-keys' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("expected fail or keep-one, got \"drop\"");
  }

  @Test
  void bootstrapScopeDefaultsToTheDomainsOverallSlicesAndAllTakesEverySliceValue() {
    assertThat(load(MINIMAL).bootstrapScope()).isEqualTo(BootstrapScope.DOMAINS);
    assertThat(load(MINIMAL + "bootstrap.scope = all\n").bootstrapScope())
        .isEqualTo(BootstrapScope.ALL);
    assertThat(load(MINIMAL, "bootstrap.scope=domains").bootstrapScope())
        .isEqualTo(BootstrapScope.DOMAINS);
  }

  @Test
  void unknownBootstrapScopeIsReportedWithTheValuesItTakes() {
    assertThatThrownBy(() -> load(MINIMAL + "bootstrap { replicates = 100, scope = slices }\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'bootstrap.scope' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining(
            "expected domains (the overall slice of each domain and of the pooled domain) or all"
                + " (every slice value too), got \"slices\"");
  }

  @Test
  void modelListedTwiceIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "models.candidates = [ft-v1, base]\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'models.candidates' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("model 'base' is listed twice");
  }

  @Test
  void sliceWithTwoOfColumnExprAndCrossIsReported() {
    InvalidConfigException e =
        invalid(
            MINIMAL
                + """
                slices = [
                  { name = language, column = lang }
                  { name = both, column = lang, expr = "upper(lang)" }
                ]
                """);

    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("Invalid 'slices[1]' (", "job.conf: 7")
        .contains("a slice needs exactly one of column, expr or cross, got 2");
  }

  @Test
  void crossNamingAnUnknownSliceIsReportedOnceAtTheCross() {
    InvalidConfigException e =
        invalid(
            MINIMAL
                + """
                slices = [
                  { name = language, column = lang }
                  { cross = [language, country] }
                ]
                """);

    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("Invalid 'slices[1].cross' (", "job.conf: 7")
        .contains("cross 'language_x_country' names 'country'")
        .contains("(defined: [language])");
  }

  @Test
  void crossOfASliceWithItselfOrOfTheSamePartsAsAnotherCrossIsReported() {
    InvalidConfigException e =
        invalid(
            MINIMAL
                + """
                slices = [
                  { column = lang }
                  { column = source }
                  { cross = [lang, lang] }
                  { cross = [lang, source] }
                  { name = again, cross = [source, lang] }
                ]
                """);

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0))
        .contains("Invalid 'slices[2].cross' (", "job.conf: 8", "'lang' appears twice");
    assertThat(e.problems().get(1))
        .contains("Invalid 'slices[4].cross' (", "job.conf: 10", "another slice already crosses");
  }

  @Test
  void duplicateSliceNameIsReported() {
    InvalidConfigException e =
        invalid(
            MINIMAL
                + """
                slices = [
                  { name = language, column = lang }
                  { name = language, column = language_code }
                ]
                """);

    assertThat(e.problems())
        .singleElement()
        .asString()
        .contains("Invalid 'slices[1].name' (", "job.conf: 7")
        .contains("slice name 'language' is used twice");
  }

  @Test
  void sliceNameDefaultsToItsColumnOrToItsJoinedParts() {
    JobConfig job =
        load(
            MINIMAL
                + """
                slices = [
                  { column = lang, from = labels }
                  { column = user_id, high-cardinality = true }
                  { cross = [lang, user_id] }
                ]
                """);

    assertThat(job.slices())
        .containsExactly(
            new SliceSpec(
                "lang",
                Kind.COLUMN,
                "lang",
                List.of(),
                Optional.of(SliceSpec.TableRef.LABELS),
                false),
            new SliceSpec("user_id", Kind.COLUMN, "user_id", List.of(), Optional.empty(), true),
            new SliceSpec(
                "lang_x_user_id",
                Kind.CROSS,
                "",
                List.of("lang", "user_id"),
                Optional.empty(),
                false));
  }

  @Test
  void binaryDomainWhoseLabelsLackThePositiveClassIsReported() {
    assertThatThrownBy(
            () ->
                load(
                    MINIMAL
                        + "domains {\n"
                        + "  medical { positive-class = urgent, labels = [routine, other] }\n"
                        + "}\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'domains.medical' (")
        .hasMessageContaining("job.conf: 6")
        .hasMessageContaining("positive-class 'urgent' needs exactly two labels including it")
        .hasMessageContaining("[routine, other]");
  }

  @Test
  void blankAndReservedLabelsAreReported() {
    InvalidConfigException e =
        invalid(
            MINIMAL
                + "domains {\n"
                + "  legal { labels = [contract, \"*\", \"(invalid)\", \" \"] }\n"
                + "}\n");

    assertThat(e.problems())
        .hasSize(3)
        .allSatisfy(p -> assertThat(p).contains("Invalid 'domains.legal.labels' (", "job.conf: 6"))
        .anySatisfy(p -> assertThat(p).contains("label \"*\" is blank or reserved"))
        .anySatisfy(p -> assertThat(p).contains("label \"(invalid)\" is blank or reserved"))
        .anySatisfy(p -> assertThat(p).contains("label \"\" is blank or reserved"));
  }

  @Test
  void reservedDomainNameIsReported() {
    assertThatThrownBy(() -> load(MINIMAL + "domains { \"*\" { labels = [a, b] } }\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid domain name '*' (")
        .hasMessageContaining("job.conf: 5")
        .hasMessageContaining("reserved");
  }

  @Test
  void setArgumentWithoutEqualsIsReported() {
    assertThatThrownBy(() -> load(MINIMAL, "run-id"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid --set argument 'run-id'")
        .hasMessageContaining("expected key=value");
  }

  @Test
  void setValueThatIsNotHoconSuggestsQuotingIt() {
    assertThatThrownBy(() -> load(MINIMAL, "output.path=s3a://bucket/eval"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid --set argument 'output.path=s3a://bucket/eval'")
        .hasMessageContaining("--set 'output.path=\"s3a://bucket/eval\"'");
  }

  @Test
  void severalProblemsAreReportedTogetherInOneException() {
    InvalidConfigException e =
        invalid(
            """
            input.predictions.path = "preds"
            input.labels.path = "labels"
            input.labels.format = xlsx
            models.candidates = [ft-v1]
            run-id = "2026-11-27T00:00:00+00:00"
            verify-with-mllib = -1
            """);

    assertThat(e.problems())
        .hasSize(5)
        .anySatisfy(p -> assertThat(p).startsWith("Invalid 'run-id' (").contains("job.conf: 5"))
        .anySatisfy(
            p ->
                assertThat(p).startsWith("Invalid 'input.labels.format' (").contains("job.conf: 3"))
        .anySatisfy(p -> assertThat(p).startsWith("Invalid 'models.baseline' (default)"))
        .anySatisfy(p -> assertThat(p).startsWith("Invalid 'output.path' (default)"))
        .anySatisfy(
            p -> assertThat(p).startsWith("Invalid 'verify-with-mllib' (").contains("job.conf: 6"));
    assertThat(e.getMessage()).startsWith("Invalid configuration (5 problems):");
    for (String p : e.problems()) {
      assertThat(e.getMessage()).contains(p);
    }
  }

  // ---- helpers ----

  private JobConfig load(String content, String... overrides) {
    return loader.load(Optional.of(write(content)), List.of(overrides));
  }

  /** Loads a job that must fail, and returns the failure. */
  private InvalidConfigException invalid(String content, String... overrides) {
    Throwable thrown = catchThrowable(() -> load(content, overrides));
    assertThat(thrown).isInstanceOf(InvalidConfigException.class);
    return (InvalidConfigException) thrown;
  }

  private Path write(String content) {
    Path file = dir.resolve("job.conf");
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value.trim();
  }

  private static SliceSpec columnSlice(String name) {
    return new SliceSpec(name, Kind.COLUMN, name, List.of(), Optional.empty(), false);
  }
}
