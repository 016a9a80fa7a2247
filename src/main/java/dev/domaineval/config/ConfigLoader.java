package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Loads and validates the job configuration: {@code --set} overrides, then the job file, then the
 * defaults of {@code reference.conf} (under its {@code domain-eval} block).
 *
 * <p>Every problem is collected and reported at once, each with its key, its origin (file and line,
 * or the {@code --set} argument) and how to fix it. Nothing here touches Spark.
 */
public final class ConfigLoader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);

  /** The block of reference.conf that holds our defaults. */
  public static final String ROOT = "domain-eval";

  /** The defaults of one candidate's entry under input.training. */
  private static final Config TRAINING_DEFAULTS =
      ConfigFactory.parseString(
          "path = \"\", table = \"\", format = parquet, options {}, schema = \"\","
              + " columns { example-id = \"\", text = \"\" }");

  private static final Set<String> TRAINING_KEYS =
      Set.of("path", "table", "format", "options", "schema", "columns");

  /**
   * Column and expression slices a job may configure: grouping ids pack one bit per dimension and
   * one for the domain into a long; a few bits stay free for the automatic split and leakage
   * slices.
   */
  static final int MAX_DIMENSIONS = 56;

  /** The name of the leakage slice when one candidate has training data. */
  public static final String LEAKAGE_SLICE = "leakage";

  /** The name of the slice of the labels' split column, added when not configured. */
  public static final String SPLIT_SLICE = "split";

  /** Each replicate is one more sum per count in the pass; beyond this it is not a sample. */
  static final int MAX_REPLICATES = 2000;

  /** The most runs a report's trends show: each is one small read of its metrics partition. */
  static final int MAX_HISTORY_RUNS = 1000;

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern SLICE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Set<String> FORMATS = Set.of("parquet", "orc", "csv", "json");
  private static final Set<String> POLICY_KEYS =
      Set.of("priority", "targets", "min-support", "role");
  private static final Set<String> DOMAIN_KEYS =
      Set.of("positive-class", "labels", "priority", "targets", "min-support", "role");
  private static final Set<String> SLICE_KEYS =
      Set.of("name", "column", "expr", "cross", "from", "high-cardinality");
  private static final List<String> FREE_FORM_PREFIXES =
      List.of(
          "input.predictions.options.",
          "input.labels.options.",
          "spark.conf.",
          "domains.",
          "input.training.",
          "policy.targets.");

  /** Output tokens that a domain, class or slice value must not collide with. */
  static final Set<String> RESERVED_VALUES = Set.of("*", "(invalid)", "(null)");

  private final Clock clock;

  public ConfigLoader(Clock clock) {
    this.clock = clock;
  }

  public ConfigLoader() {
    this(Clock.systemUTC());
  }

  /**
   * Loads a job.
   *
   * @param jobFile the job file, if any (a job may be given entirely with {@code --set})
   * @param overrides {@code key=value} strings; a later one wins over an earlier one
   * @throws InvalidConfigException listing every problem
   */
  public JobConfig load(Optional<Path> jobFile, List<String> overrides) {
    List<String> problems = new ArrayList<>();
    Config user = ConfigFactory.empty();
    if (jobFile.isPresent()) {
      Path file = jobFile.get();
      if (!Files.isRegularFile(file)) {
        throw new InvalidConfigException(
            List.of(
                String.format(
                    "Job file '%s' not found (working directory %s). Pass an existing file with"
                        + " --config.",
                    file, Path.of("").toAbsolutePath())));
      }
      try {
        user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults());
      } catch (ConfigException e) {
        throw new InvalidConfigException(List.of("Cannot parse job file: " + e.getMessage()));
      }
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        problems.add(
            String.format(
                "Invalid --set argument '%s': expected key=value, e.g. --set run-id=2026-11-27.",
                override));
        continue;
      }
      String key = override.substring(0, eq).trim();
      try {
        Config one =
            ConfigFactory.parseString(
                override, ConfigParseOptions.defaults().setOriginDescription("--set " + key));
        user = one.withFallback(user);
      } catch (ConfigException e) {
        problems.add(
            String.format(
                "Invalid --set argument '%s': %s. Quote a value with special characters,"
                    + " e.g. --set 'output.path=\"s3a://bucket/eval\"'.",
                override, e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return validate(user);
  }

  /** Validates a user configuration (without the prefix) against the defaults. */
  public JobConfig validate(Config user) {
    Config defaults = ConfigFactory.defaultReference().getConfig(ROOT);
    Config merged;
    try {
      Config withTraining = user;
      if (user.hasPath("input.training")
          && user.getValue("input.training").valueType() == ConfigValueType.OBJECT) {
        for (String candidate : user.getObject("input.training").keySet()) {
          withTraining =
              withTraining.withFallback(
                  TRAINING_DEFAULTS.atPath(ConfigUtil.joinPath("input", "training", candidate)));
        }
      }
      merged = withTraining.withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(
          List.of(
              e.getMessage()
                  + ". Set the variable in the environment, or use the optional form ${?VAR}."));
    }
    Reader r = new Reader(merged, defaults);
    r.checkUnknownKeys();
    try {
      merged.checkValid(defaults);
    } catch (ConfigException.ValidationFailed e) {
      for (ConfigException.ValidationProblem p : e.problems()) {
        r.problems.add(
            String.format(
                "Invalid '%s' (%s): %s.", p.path(), p.origin().description(), p.problem()));
      }
      throw new InvalidConfigException(r.problems);
    }
    JobConfig job;
    try {
      job = r.read();
    } catch (ConfigException e) {
      // checkValid accepts null for any key, but a null list, object or number cannot be read.
      r.problems.add(
          e.getMessage() + ". Remove the key to use its default, or set a value of its type.");
      throw new InvalidConfigException(r.problems);
    }
    if (!r.problems.isEmpty()) {
      throw new InvalidConfigException(r.problems);
    }
    return job;
  }

  /** Reads one merged config, collecting problems instead of stopping at the first one. */
  private final class Reader {
    private final Config c;
    private final Config defaults;
    private final List<String> problems = new ArrayList<>();

    Reader(Config merged, Config defaults) {
      this.c = merged;
      this.defaults = defaults;
    }

    JobConfig read() {
      String runId = string("run-id");
      if (runId.isEmpty()) {
        runId =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
                .format(clock.instant().atOffset(ZoneOffset.UTC));
      } else if (!RUN_ID.matcher(runId).matches()) {
        problem(
            "run-id",
            "expected letters, digits, '.', '_' or '-' (at most 128, starting with a letter or"
                + " digit), got \""
                + runId
                + "\". It names a directory; from Airflow use {{ ds }} or {{ ts_nodash }}");
      }
      InputSpec predictions =
          input("predictions", List.of("example-id", "model", "prediction"), List.of("score"));
      InputSpec labels =
          input("labels", List.of("example-id", "label", "domain"), List.of("split", "text"));
      boolean caseSensitive = bool("input.case-sensitive");
      DuplicatePolicy duplicates = duplicatePolicy();

      String baseline = string("models.baseline");
      if (baseline.isBlank()) {
        problem(
            "models.baseline",
            "no baseline model is set. Set it to the model every candidate is compared with,"
                + " e.g. models.baseline = base");
      }
      List<String> candidates = stringList("models.candidates");
      if (candidates.isEmpty()) {
        problem(
            "models.candidates",
            "no candidate model is set. List the fine-tuned models to evaluate, e.g."
                + " models.candidates = [ft-v1]");
      }
      // A blank baseline is reported above; only the candidates can add a blank name.
      Set<String> seen = new HashSet<>();
      if (!baseline.isBlank()) {
        seen.add(baseline);
      }
      for (String m : candidates) {
        if (m.isBlank()) {
          problem("models.candidates", "a model name is blank. Remove it or name the model");
        } else if (!seen.add(m)) {
          problem(
              "models.candidates",
              "model '" + m + "' is listed twice (as baseline or candidate). List each once");
        }
      }

      Map<String, InputSpec> training = training(candidates, labels);
      List<SliceSpec> slices = slices();
      int maxSliceValues = integer("max-slice-values");
      if (maxSliceValues < 1) {
        problem(
            "max-slice-values",
            "expected a positive number of values per slice, such as 1000; got " + maxSliceValues);
      }
      Policy defaultPolicy =
          policy(
              c.getConfig("policy"),
              "policy",
              new Policy("recall", Map.of(), 30, Policy.Role.IN_DOMAIN));
      Map<String, DomainSpec> domains = domains(defaultPolicy);
      double alpha = c.getDouble("comparison.alpha");
      if (!(alpha > 0 && alpha < 1)) {
        problem("comparison.alpha", "expected a false discovery rate in (0, 1), such as 0.05");
      }
      int replicates = integer("bootstrap.replicates");
      if (replicates < 0 || replicates > MAX_REPLICATES) {
        problem(
            "bootstrap.replicates",
            "expected 0 (off) or a number of replicates up to "
                + MAX_REPLICATES
                + ", got "
                + replicates
                + ". 100 to 1000 is usual");
      }
      long bootstrapSeed = longInteger("bootstrap.seed");
      ScoresSpec scores =
          new ScoresSpec(
              resolution("scores.resolution"),
              resolution("scores.slice-resolution"),
              integer("scores.curve-points"),
              integer("scores.calibration-bins"));
      if (scores.resolution() > scores.sliceResolution()) {
        problem(
            "scores.slice-resolution",
            "slice histograms cannot be finer than the domain-level ones (scores.resolution = "
                + scores.resolution()
                + "). Use a width >= scores.resolution, such as 1e-2");
      }
      if (scores.curvePoints() < 2) {
        problem("scores.curve-points", "expected at least 2 points per curve, such as 200");
      }
      if (scores.calibrationBins() < 1 || scores.calibrationBins() > 1000) {
        problem("scores.calibration-bins", "expected a number of bins in [1, 1000], such as 15");
      }
      FindingsSpec findings =
          new FindingsSpec(
              fraction("findings.accuracy-paradox.min-accuracy"),
              fraction("findings.accuracy-paradox.max-recall"),
              fraction("findings.one-sided-gain.tolerance"),
              fraction("findings.max-invalid-rate"),
              fraction("findings.overfitting.max-gap"),
              string("findings.overfitting.train-split"),
              fraction("findings.leakage.max-rate"),
              bool("findings.fail-on-gate"));
      if (labels.column("split").isPresent()
          && slices.stream().noneMatch(x -> x.name().equals(SPLIT_SLICE))) {
        // The split is a slice of its own, so that OVERFITTING can compare train with held out.
        List<SliceSpec> withSplit = new ArrayList<>(slices);
        withSplit.add(
            new SliceSpec(
                SPLIT_SLICE,
                SliceSpec.Kind.COLUMN,
                labels.column("split").get(),
                List.of(),
                Optional.of(SliceSpec.TableRef.LABELS),
                false));
        slices = List.copyOf(withSplit);
      }
      List<SliceSpec> withLeakage = new ArrayList<>(slices);
      for (String candidate : candidates) {
        if (training.containsKey(candidate)) {
          String name = training.size() == 1 ? LEAKAGE_SLICE : LEAKAGE_SLICE + "_" + candidate;
          if (slices.stream().anyMatch(x -> x.name().equals(name))) {
            problem("slices", "the slice name '" + name + "' is reserved for the leakage slice");
          }
          withLeakage.add(
              new SliceSpec(
                  name, SliceSpec.Kind.LEAKAGE, candidate, List.of(), Optional.empty(), false));
        }
      }
      slices = List.copyOf(withLeakage);

      String output = string("output.path");
      if (output.isBlank()) {
        problem(
            "output.path",
            "no output path is set. Set it to a directory (local, hdfs:// or s3a://), e.g."
                + " output.path = \"/data/domain-eval\"");
      }
      int verify = integer("verify-with-mllib");
      if (verify < 0) {
        problem("verify-with-mllib", "expected 0 (off) or a positive number of groups");
      }
      long verifySeed = longInteger("verify-seed");
      String master = string("spark.master");
      String appName = string("spark.app-name");
      Map<String, String> sparkConf = flatStrings("spark.conf");
      HistorySpec history = history();
      return new JobConfig(
          runId,
          predictions,
          labels,
          training,
          caseSensitive,
          duplicates,
          baseline,
          candidates,
          slices,
          maxSliceValues,
          domains,
          defaultPolicy,
          alpha,
          findings,
          replicates,
          bootstrapSeed,
          scores,
          output,
          verify,
          verifySeed,
          master,
          appName,
          sparkConf,
          history);
    }

    /** history.runs and history.reference-run. */
    private HistorySpec history() {
      int runs = integer("history.runs");
      if (runs < 1 || runs > MAX_HISTORY_RUNS) {
        problem(
            "history.runs",
            "expected a number of runs from 1 to " + MAX_HISTORY_RUNS + ", got " + runs);
      }
      String reference = string("history.reference-run");
      if (!reference.isEmpty() && !RUN_ID.matcher(reference).matches()) {
        problem(
            "history.reference-run",
            "expected the run id of a published run (letters, digits, '.', '_', '-'), got '"
                + reference
                + "'. Leave it empty to compare with the last published run");
      }
      return new HistorySpec(runs, nonBlank(reference));
    }

    /** The fine-tuning data of candidates, keyed by candidate. */
    private Map<String, InputSpec> training(List<String> candidates, InputSpec labels) {
      Map<String, InputSpec> out = new TreeMap<>();
      if (!c.hasPath("input.training")) {
        return out;
      }
      ConfigObject all = c.getObject("input.training");
      for (String candidate : all.keySet()) {
        String path = ConfigUtil.joinPath("input", "training", candidate);
        ConfigValue v = all.get(candidate);
        if (v.valueType() != ConfigValueType.OBJECT) {
          problem(
              path, "expected an object such as { path = \"...\", columns { example-id = id } }");
          continue;
        }
        if (!candidates.contains(candidate)) {
          // A shared job file may list the fine-tuning data of every candidate while a run
          // selects some of them.
          LOG.warn(
              "Training data is configured for '{}' ({}), which is not a candidate of this run"
                  + " (models.candidates: {}): ignored",
              candidate,
              v.origin().description(),
              candidates);
          continue;
        }
        for (String key : ((ConfigObject) v).keySet()) {
          if (!TRAINING_KEYS.contains(key)) {
            problem(
                path + "." + key,
                "unknown key; a training entry takes "
                    + String.join(", ", new TreeSet<>(TRAINING_KEYS))
                    + "."
                    + suggestion(key, TRAINING_KEYS));
          }
        }
        InputSpec spec =
            input(
                ConfigUtil.joinPath("training", candidate),
                List.of(),
                List.of("example-id", "text"));
        if (spec.column("example_id").isEmpty() && spec.column("text").isEmpty()) {
          problem(
              path + ".columns",
              "name the training table's example-id column, its text column, or both, so that"
                  + " leaked examples can be found");
        }
        if (spec.column("text").isPresent() && labels.column("text").isEmpty()) {
          problem(
              "input.labels.columns.text",
              "matching training data by text needs the labels' text column. Set it, or match"
                  + " by example-id only");
        }
        out.put(candidate, spec);
      }
      return out;
    }

    private InputSpec input(String table, List<String> required, List<String> optional) {
      String base = "input." + table;
      String path = string(base + ".path");
      String catalogTable = string(base + ".table");
      if (path.isBlank() == catalogTable.isBlank()) {
        problem(
            base + ".path",
            path.isBlank()
                ? "no "
                    + table
                    + " input is set. Set "
                    + base
                    + ".path (a file or directory) or "
                    + base
                    + ".table (a catalog table)"
                : "both a path and a table are set for "
                    + table
                    + ". Set only one of "
                    + base
                    + ".path and "
                    + base
                    + ".table");
      }
      String format = string(base + ".format").toLowerCase(Locale.ROOT);
      if (!FORMATS.contains(format)) {
        problem(
            base + ".format",
            "expected one of "
                + String.join(", ", new TreeSet<>(FORMATS))
                + ", got \""
                + format
                + "\"");
      }
      Map<String, String> columns = new LinkedHashMap<>();
      for (String key : required) {
        String col = string(base + ".columns." + key);
        if (col.isBlank()) {
          problem(
              base + ".columns." + key,
              "the "
                  + table
                  + " column for "
                  + canonical(key)
                  + " is required. Name the column"
                  + " of your table that holds it");
        }
        columns.put(canonical(key), col);
      }
      for (String key : optional) {
        String col = string(base + ".columns." + key);
        if (!col.isBlank()) {
          columns.put(canonical(key), col);
        }
      }
      String schema = string(base + ".schema");
      return new InputSpec(
          table,
          nonBlank(path),
          nonBlank(catalogTable),
          format,
          flatStrings(base + ".options"),
          nonBlank(schema),
          columns);
    }

    private DuplicatePolicy duplicatePolicy() {
      String v = string("input.on-duplicate-keys");
      for (DuplicatePolicy p : DuplicatePolicy.values()) {
        if (p.id().equals(v)) {
          return p;
        }
      }
      problem("input.on-duplicate-keys", "expected fail or keep-one, got \"" + v + "\"");
      return DuplicatePolicy.FAIL;
    }

    private List<SliceSpec> slices() {
      ConfigList list = c.getList("slices");
      Map<String, SliceSpec> byName = new LinkedHashMap<>();
      record Located(SliceSpec spec, String where, String origin) {}
      List<Located> crosses = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        ConfigValue v = list.get(i);
        String where = "slices[" + i + "]";
        if (v.valueType() != ConfigValueType.OBJECT) {
          problems.add(
              String.format(
                  "Invalid '%s' (%s): expected an object such as { name = language, column ="
                      + " lang }, got %s.",
                  where, v.origin().description(), v.valueType().name().toLowerCase(Locale.ROOT)));
          continue;
        }
        Config s = ((ConfigObject) v).toConfig();
        String origin = v.origin().description();
        for (String key : ((ConfigObject) v).keySet()) {
          if (!SLICE_KEYS.contains(key)) {
            problems.add(
                String.format(
                    "Unknown key '%s.%s' (%s). A slice takes: %s.",
                    where, key, origin, String.join(", ", new TreeSet<>(SLICE_KEYS))));
          }
        }
        String column = optString(s, "column", where, origin);
        String expr = optString(s, "expr", where, origin);
        List<String> cross = s.hasPath("cross") ? safeStringList(s, "cross", where, origin) : null;
        int kinds = (column != null ? 1 : 0) + (expr != null ? 1 : 0) + (cross != null ? 1 : 0);
        if (kinds != 1) {
          problems.add(
              String.format(
                  "Invalid '%s' (%s): a slice needs exactly one of column, expr or cross, got %d."
                      + " Example: { name = language, column = lang }.",
                  where, origin, kinds));
          continue;
        }
        String name = optString(s, "name", where, origin);
        Optional<SliceSpec.TableRef> from = Optional.empty();
        String fromValue = optString(s, "from", where, origin);
        if (fromValue != null) {
          if (fromValue.equals("labels")) {
            from = Optional.of(SliceSpec.TableRef.LABELS);
          } else if (fromValue.equals("predictions")) {
            from = Optional.of(SliceSpec.TableRef.PREDICTIONS);
          } else {
            problems.add(
                String.format(
                    "Invalid '%s.from' (%s): expected labels or predictions, got \"%s\".",
                    where, origin, fromValue));
          }
        }
        boolean highCardinality = false;
        if (s.hasPath("high-cardinality")) {
          try {
            highCardinality = s.getBoolean("high-cardinality");
          } catch (ConfigException e) {
            problems.add(
                String.format(
                    "Invalid '%s.high-cardinality' (%s): expected true or false.", where, origin));
          }
        }
        SliceSpec spec;
        if (cross != null) {
          if (cross.size() < 2) {
            problems.add(
                String.format(
                    "Invalid '%s.cross' (%s): a cross needs two or more slice names, got %s.",
                    where, origin, cross));
            continue;
          }
          if (from.isPresent() || highCardinality) {
            problems.add(
                String.format(
                    "Invalid '%s' (%s): from and high-cardinality belong on the crossed slices,"
                        + " not on the cross.",
                    where, origin));
          }
          spec =
              new SliceSpec(
                  name != null ? name : String.join("_x_", cross),
                  SliceSpec.Kind.CROSS,
                  "",
                  cross,
                  Optional.empty(),
                  false);
          crosses.add(new Located(spec, where, origin));
        } else if (column != null) {
          spec =
              new SliceSpec(
                  name != null ? name : column,
                  SliceSpec.Kind.COLUMN,
                  column,
                  List.of(),
                  from,
                  highCardinality);
        } else {
          if (name == null) {
            problems.add(
                String.format(
                    "Invalid '%s' (%s): an expr slice needs a name, e.g. { name = length_bucket,"
                        + " expr = \"...\" }.",
                    where, origin));
            continue;
          }
          spec =
              new SliceSpec(
                  name, SliceSpec.Kind.EXPRESSION, expr, List.of(), from, highCardinality);
        }
        if (!SLICE_NAME.matcher(spec.name()).matches()) {
          problems.add(
              String.format(
                  "Invalid '%s.name' (%s): \"%s\" is not a valid slice name. Use letters,"
                      + " digits, '_', '.' and '-'.",
                  where, origin, spec.name()));
          continue;
        }
        if (byName.put(spec.name(), spec) != null) {
          problems.add(
              String.format(
                  "Invalid '%s.name' (%s): slice name '%s' is used twice. Give each slice its own"
                      + " name.",
                  where, origin, spec.name()));
        }
      }
      long dimensions = byName.values().stream().filter(x -> !x.isCross()).count();
      if (dimensions > MAX_DIMENSIONS) {
        problems.add(
            String.format(
                "Invalid 'slices' (%s): %d column and expression slices, at most %d are supported"
                    + " (with automatic split and leakage slices). Remove some, or cross fewer.",
                c.getList("slices").origin().description(), dimensions, MAX_DIMENSIONS));
      }
      Set<Set<String>> dimensionSets = new HashSet<>();
      for (SliceSpec s : byName.values()) {
        if (!s.isCross()) {
          dimensionSets.add(Set.of(s.name()));
        }
      }
      for (Located located : crosses) {
        SliceSpec cross = located.spec();
        Set<String> parts = new LinkedHashSet<>();
        boolean partsValid = true;
        for (String part : cross.parts()) {
          SliceSpec target = byName.get(part);
          if (target == null || target.isCross()) {
            partsValid = false;
            problems.add(
                String.format(
                    "Invalid '%s.cross' (%s): cross '%s' names '%s', which is not a column or expr"
                        + " slice defined in 'slices' (defined: %s).",
                    located.where(),
                    located.origin(),
                    cross.name(),
                    part,
                    byName.values().stream()
                        .filter(x -> !x.isCross())
                        .map(SliceSpec::name)
                        .toList()));
          } else if (!parts.add(part)) {
            partsValid = false;
            problems.add(
                String.format(
                    "Invalid '%s.cross' (%s): '%s' appears twice in cross '%s'. List it once.",
                    located.where(), located.origin(), part, cross.name()));
          }
        }
        // With a bad part the remaining parts would falsely collide with another slice.
        if (partsValid && !dimensionSets.add(Set.copyOf(parts))) {
          problems.add(
              String.format(
                  "Invalid '%s.cross' (%s): another slice already crosses %s. Remove one of them.",
                  located.where(), located.origin(), parts));
        }
      }
      return List.copyOf(byName.values());
    }

    /**
     * Reads policy keys from {@code source} (under {@code path} in messages), each falling back to
     * {@code fallback}; targets merge key by key.
     */
    private Policy policy(Config source, String path, Policy fallback) {
      String origin = source.origin().description();
      String priority = fallback.priority();
      String p = optString(source, "priority", path, origin);
      if (p != null) {
        if (p.equals("recall") || p.equals("precision")) {
          priority = p;
        } else {
          problems.add(
              String.format(
                  "Invalid '%s.priority' (%s): expected recall or precision, got \"%s\".",
                  path, source.getValue("priority").origin().description(), p));
        }
      }
      Map<String, Double> targets = new TreeMap<>(fallback.targets());
      if (source.hasPath("targets")) {
        ConfigValue t = source.getValue("targets");
        if (t.valueType() != ConfigValueType.OBJECT) {
          problems.add(
              String.format(
                  "Invalid '%s.targets' (%s): expected an object such as { precision = 0.85,"
                      + " recall = 0.80 }.",
                  path, t.origin().description()));
        } else {
          ConfigObject obj = (ConfigObject) t;
          for (String metric : obj.keySet()) {
            ConfigValue v = obj.get(metric);
            Object raw = v.unwrapped();
            if (!Policy.METRICS.contains(metric)) {
              problems.add(
                  String.format(
                      "Invalid target '%s.targets.%s' (%s): targets take %s.",
                      path,
                      metric,
                      v.origin().description(),
                      String.join(", ", new TreeSet<>(Policy.METRICS))));
            } else if (!(raw instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
              problems.add(
                  String.format(
                      "Invalid target '%s.targets.%s' (%s): expected a number in [0, 1], got %s."
                          + " Use a fraction such as 0.85.",
                      path, metric, v.origin().description(), v.render()));
            } else {
              targets.put(metric, n.doubleValue());
            }
          }
        }
      }
      long minSupport = fallback.minSupport();
      if (source.hasPath("min-support")) {
        ConfigValue v = source.getValue("min-support");
        if (!(v.unwrapped() instanceof Number n) || n.longValue() < 0 || n.doubleValue() % 1 != 0) {
          problems.add(
              String.format(
                  "Invalid '%s.min-support' (%s): expected a whole number of examples, got %s.",
                  path, v.origin().description(), v.render()));
        } else {
          minSupport = n.longValue();
        }
      }
      Policy.Role role = fallback.role();
      String r = optString(source, "role", path, origin);
      if (r != null) {
        Optional<Policy.Role> parsed =
            java.util.Arrays.stream(Policy.Role.values()).filter(x -> x.id().equals(r)).findFirst();
        if (parsed.isPresent()) {
          role = parsed.get();
        } else {
          problems.add(
              String.format(
                  "Invalid '%s.role' (%s): expected in-domain or out-of-domain, got \"%s\".",
                  path, source.getValue("role").origin().description(), r));
        }
      }
      return new Policy(priority, targets, minSupport, role);
    }

    private Map<String, DomainSpec> domains(Policy defaultPolicy) {
      Map<String, DomainSpec> result = new TreeMap<>();
      ConfigObject obj = c.getObject("domains");
      for (String name : obj.keySet()) {
        ConfigValue v = obj.get(name);
        String path = ConfigUtil.joinPath("domains", name);
        String origin = v.origin().description();
        if (v.valueType() != ConfigValueType.OBJECT) {
          problems.add(
              String.format(
                  "Invalid '%s' (%s): expected an object such as { positive-class = urgent },"
                      + " got %s.",
                  path, origin, v.valueType().name().toLowerCase(Locale.ROOT)));
          continue;
        }
        if (RESERVED_VALUES.contains(name)) {
          problems.add(
              String.format(
                  "Invalid domain name '%s' (%s): '*', '(invalid)' and '(null)' are reserved in"
                      + " the outputs.",
                  name, origin));
        }
        ConfigObject d = (ConfigObject) v;
        for (String key : d.keySet()) {
          if (!DOMAIN_KEYS.contains(key)) {
            problems.add(
                String.format(
                    "Unknown key '%s.%s' (%s). A domain takes: labels, positive-class, priority,"
                        + " targets, min-support, role.%s",
                    path, key, d.get(key).origin().description(), suggestion(key, DOMAIN_KEYS)));
          }
        }
        Config dc = d.toConfig();
        String positive = optString(dc, "positive-class", path, origin);
        List<String> labels =
            dc.hasPath("labels") ? safeStringList(dc, "labels", path, origin) : List.of();
        if (labels == null) {
          continue;
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String label : labels) {
          String t = label.trim();
          if (t.isEmpty() || RESERVED_VALUES.contains(t)) {
            problems.add(
                String.format(
                    "Invalid '%s.labels' (%s): label \"%s\" is blank or reserved.",
                    path, origin, label));
          } else if (!distinct.add(t)) {
            problems.add(
                String.format(
                    "Invalid '%s.labels' (%s): label '%s' is listed twice.", path, origin, t));
          }
        }
        if (positive != null) {
          positive = positive.trim();
          if (positive.isEmpty()) {
            problems.add(
                String.format(
                    "Invalid '%s.positive-class' (%s): blank. Name the class whose recall and"
                        + " precision matter, or remove the key for a multiclass domain.",
                    path, origin));
          } else if (!distinct.isEmpty()
              && (!distinct.contains(positive) || distinct.size() != 2)) {
            problems.add(
                String.format(
                    "Invalid '%s' (%s): a binary domain with positive-class '%s' needs exactly two"
                        + " labels including it, got labels %s.",
                    path, origin, positive, distinct));
          }
        }
        result.put(
            name,
            new DomainSpec(
                name,
                Optional.ofNullable(positive),
                List.copyOf(distinct),
                policy(dc, path, defaultPolicy)));
      }
      return result;
    }

    void checkUnknownKeys() {
      Set<String> known = new HashSet<>();
      for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
        known.add(e.getKey());
      }
      for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
        String path = e.getKey();
        // Slices are checked entry by entry in slices().
        if (known.contains(path) || path.equals("slices")) {
          continue;
        }
        boolean free = FREE_FORM_PREFIXES.stream().anyMatch(path::startsWith);
        if (free) {
          continue;
        }
        // An object or list in the defaults replaced by a scalar is a type problem for
        // checkValid, not an unknown key.
        if (defaults.hasPathOrNull(path)) {
          continue;
        }
        problems.add(
            String.format(
                "Unknown key '%s' (%s).%s",
                path, e.getValue().origin().description(), suggestion(path, known)));
      }
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
    }

    private String string(String path) {
      try {
        return c.getString(path).trim();
      } catch (ConfigException e) {
        problem(path, "expected a string");
        return "";
      }
    }

    private double fraction(String path) {
      try {
        double v = c.getDouble(path);
        if (v < 0 || v > 1) {
          problem(path, "expected a number in [0, 1], got " + v + ". Use a fraction such as 0.05");
        }
        return v;
      } catch (ConfigException e) {
        problem(path, "expected a number in [0, 1], got " + c.getValue(path).render());
        return 0;
      }
    }

    /** A bucket width 1 / n for an integer n in [1, 1e8]. */
    private double resolution(String path) {
      try {
        double v = c.getDouble(path);
        double inverse = 1.0 / v;
        if (!(v > 0 && v <= 1)
            || inverse > ScoresSpec.MAX_BUCKETS
            || Math.abs(inverse - Math.rint(inverse)) > 1e-9 * inverse) {
          problem(
              path,
              "expected a bucket width 1 / n for a whole number n up to "
                  + ScoresSpec.MAX_BUCKETS
                  + ", got "
                  + v
                  + ". Use a power of ten such as 1e-4");
          return ScoresSpec.DEFAULT_RESOLUTION;
        }
        return v;
      } catch (ConfigException e) {
        problem(path, "expected a number such as 1e-4, got " + c.getValue(path).render());
        return ScoresSpec.DEFAULT_RESOLUTION;
      }
    }

    private boolean bool(String path) {
      try {
        return c.getBoolean(path);
      } catch (ConfigException e) {
        problem(path, "expected true or false, got " + c.getValue(path).render());
        return false;
      }
    }

    private int integer(String path) {
      try {
        return c.getInt(path);
      } catch (ConfigException e) {
        problem(path, "expected a whole number, got " + c.getValue(path).render());
        return 0;
      }
    }

    private long longInteger(String path) {
      try {
        return c.getLong(path);
      } catch (ConfigException e) {
        problem(path, "expected a whole number, got " + c.getValue(path).render());
        return 0;
      }
    }

    private List<String> stringList(String path) {
      try {
        return c.getStringList(path).stream().map(String::trim).toList();
      } catch (ConfigException e) {
        problem(path, "expected a list of strings such as [ft-v1, ft-v2]");
        return List.of();
      }
    }

    private Map<String, String> flatStrings(String path) {
      Map<String, String> out = new TreeMap<>();
      Config sub = c.getConfig(path);
      for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
        String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
        Object raw = e.getValue().unwrapped();
        if (raw instanceof List || raw instanceof Map) {
          problem(path + "." + e.getKey(), "expected a string, number or boolean");
        } else {
          out.put(key, String.valueOf(raw));
        }
      }
      return out;
    }

    private String optString(Config s, String key, String where, String origin) {
      if (!s.hasPath(key)) {
        return null;
      }
      try {
        String v = s.getString(key).trim();
        return v.isEmpty() ? null : v;
      } catch (ConfigException e) {
        problems.add(String.format("Invalid '%s.%s' (%s): expected a string.", where, key, origin));
        return null;
      }
    }

    private List<String> safeStringList(Config s, String key, String where, String origin) {
      try {
        return s.getStringList(key).stream().map(String::trim).toList();
      } catch (ConfigException e) {
        problems.add(
            String.format(
                "Invalid '%s.%s' (%s): expected a list of strings such as [a, b].",
                where, key, origin));
        return null;
      }
    }

    private void problem(String path, String what) {
      String origin = c.hasPathOrNull(path) ? c.getValue(path).origin().description() : "not set";
      if (origin.startsWith("reference.conf") || origin.contains("reference.conf @")) {
        origin = "default";
      }
      problems.add(String.format("Invalid '%s' (%s): %s.", path, origin, what));
    }
  }

  private static String canonical(String key) {
    return key.replace('-', '_');
  }

  private static Optional<String> nonBlank(String s) {
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  /** " Did you mean 'x'?" for the closest known key, or nothing when none is close. */
  static String suggestion(String key, Set<String> known) {
    return known.stream()
        .min(Comparator.comparingInt(k -> distance(key, k)))
        .filter(k -> distance(key, k) <= Math.max(2, key.length() / 4))
        .map(k -> " Did you mean '" + k + "'?")
        .orElse(" Remove it; see reference.conf for the keys a job file may set.");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
