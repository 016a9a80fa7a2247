package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.TargetDecision;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies the quality gates and the pitfall rules to a run's evidence, and decides a verdict per
 * candidate and domain.
 *
 * <p>Gates look at the overall slice of each domain: a target is decided on the 95 % interval where
 * the metric has one ({@link TargetDecision}), else on the value. Regressions are looked for in
 * every slice with at least {@code min-support} examples. The pooled domain {@code *} mixes
 * in-domain and out-of-domain examples and never gates.
 *
 * <p>Verdict of a candidate on a domain: FAIL if a finding about it there fails; else INCONCLUSIVE
 * if a target was met or missed only inside its interval, or the domain is too small to gate; else
 * WARN if a finding warns; else PASS.
 */
public final class Assessment {
  /** The slice of the labels' split column (added by the config when a split is mapped). */
  private static final String SPLIT = "split";

  /**
   * A verdict lists every failure and open target but only this many warnings (slices can raise
   * hundreds); the findings table has them all.
   */
  static final int MAX_WARNINGS_IN_VERDICT = 10;

  /** The largest sample size reported as "would settle it". */
  private static final long MAX_PROJECTED = 1_000_000_000L;

  private final Evidence e;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<List<String>, List<String>> inconclusive = new LinkedHashMap<>();

  /**
   * The outcome of the assessment.
   *
   * @param findings every finding, most severe first
   * @param verdicts one per candidate and domain
   */
  public record Result(List<Finding> findings, List<Verdict> verdicts) {
    /** The number of findings of a severity. */
    public long count(Severity severity) {
      return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** Whether a gate failed. */
    public boolean hasFailedGate() {
      return verdicts.stream().anyMatch(v -> v.outcome() == Verdict.Outcome.FAIL);
    }

    /**
     * This result with more findings that do not bear on the verdicts (those of the scores), sorted
     * in with the others.
     */
    public Result plus(List<Finding> more) {
      List<Finding> all = new ArrayList<>(findings);
      all.addAll(more);
      all.sort(ORDER);
      return new Result(List.copyOf(all), verdicts);
    }

    /**
     * This result with more findings (from rules that need more than the run's evidence, such as
     * history): each verdict becomes at least as bad as its new findings make it, and lists them.
     */
    public Result withFindings(List<Finding> extra) {
      if (extra.isEmpty()) {
        return this;
      }
      List<Finding> all = new ArrayList<>(findings);
      all.addAll(extra);
      all.sort(ORDER);
      List<Verdict> updated = new ArrayList<>();
      for (Verdict v : verdicts) {
        List<Finding> mine =
            extra.stream()
                .filter(f -> v.candidate().equals(f.model()) && v.domain().equals(f.domain()))
                .toList();
        Verdict.Outcome outcome = v.outcome();
        List<String> reasons = new ArrayList<>();
        for (Finding f : mine) {
          if (f.severity() == Severity.FAIL) {
            outcome = Verdict.Outcome.FAIL;
            reasons.add(f.code() + ": " + f.message());
          }
        }
        reasons.addAll(v.reasons());
        for (Finding f : mine) {
          if (f.severity() == Severity.WARN) {
            if (outcome.compareTo(Verdict.Outcome.WARN) < 0) {
              outcome = Verdict.Outcome.WARN;
            }
            reasons.add(f.code() + ": " + f.message());
          }
        }
        updated.add(new Verdict(v.candidate(), v.domain(), outcome, reasons));
      }
      return new Result(List.copyOf(all), List.copyOf(updated));
    }
  }

  /** Most severe first, then by code, model and domain. */
  private static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.severity())
          .reversed()
          .thenComparing(f -> f.code())
          .thenComparing(f -> String.valueOf(f.model()))
          .thenComparing(f -> f.domain());

  private Assessment(Evidence evidence) {
    this.e = evidence;
  }

  /** Runs every rule and decides the verdicts. */
  public static Result evaluate(Evidence evidence) {
    Assessment a = new Assessment(evidence);
    List<String> domains = a.domains();
    for (String candidate : evidence.candidates()) {
      for (String domain : domains) {
        Policy policy = evidence.policies().apply(domain);
        // Too few examples leave every gate open, a FORGETTING check as much as a target.
        if (a.hasSupport(candidate, domain, policy) && policy.role() == Policy.Role.IN_DOMAIN) {
          a.targets(candidate, domain, policy);
        }
        a.oneSidedGain(candidate, domain);
        a.overfitting(candidate, domain, policy);
        a.leakage(candidate, domain, policy);
      }
    }
    for (String model : a.models()) {
      for (String domain : domains) {
        a.accuracyParadox(model, domain);
        a.invalidPredictions(model, domain);
      }
    }
    a.regressions();
    a.lowSupport(domains);
    a.unmatchedRows();
    a.findings.sort(ORDER);
    return new Result(List.copyOf(a.findings), a.verdicts(domains));
  }

  // ---- gates ----

  /** Whether the domain has enough examples to gate; records why not otherwise. */
  private boolean hasSupport(String candidate, String domain, Policy policy) {
    long count =
        (long) e.value(new GroupKey(candidate, domain, SliceKey.OVERALL), null, MetricId.COUNT);
    if (count >= policy.minSupport()) {
      return true;
    }
    inconclusive(
        candidate,
        domain,
        String.format(
            Locale.ROOT,
            "%s has %d examples, fewer than min-support %d: too few to gate",
            domain,
            count,
            policy.minSupport()));
    return false;
  }

  private void targets(String candidate, String domain, Policy policy) {
    GroupKey group = new GroupKey(candidate, domain, SliceKey.OVERALL);
    long count = (long) e.value(group, null, MetricId.COUNT);
    for (Map.Entry<String, Double> target : new TreeMap<>(policy.targets()).entrySet()) {
      String name = target.getKey();
      double goal = target.getValue();
      boolean priority = name.equals(policy.priority());
      Optional<MetricValue> value = targetMetric(group, name);
      if (value.isEmpty()) {
        add(
            Severity.FAIL,
            FindingCode.BELOW_TARGET,
            candidate,
            domain,
            SliceKey.OVERALL,
            String.format(
                Locale.ROOT,
                "%s on %s: the target %s >= %.2f cannot be checked, because %s is not computed for"
                    + " a %s domain. Remove the target or make the domain binary"
                    + " (positive-class).",
                candidate,
                domain,
                name,
                goal,
                name,
                e.isBinary(domain) ? "binary" : "multiclass"));
        continue;
      }
      MetricValue v = value.get();
      TargetDecision.Outcome outcome =
          v.hasInterval()
              ? TargetDecision.decide(v.ciLow(), v.ciHigh(), goal)
              : v.value() >= goal ? TargetDecision.Outcome.MET : TargetDecision.Outcome.MISSED;
      String shown = describe(domain, name, v);
      if (outcome == TargetDecision.Outcome.MISSED) {
        add(
            priority ? Severity.FAIL : Severity.WARN,
            FindingCode.BELOW_TARGET,
            candidate,
            domain,
            SliceKey.OVERALL,
            String.format(
                Locale.ROOT,
                "%s on %s: %s, below the target %.2f%s (%d examples).",
                candidate,
                domain,
                shown,
                goal,
                priority ? ", the domain's priority metric" : "",
                count));
      } else if (outcome == TargetDecision.Outcome.INCONCLUSIVE) {
        inconclusive(
            candidate,
            domain,
            String.format(
                Locale.ROOT,
                "%s against the target %.2f is inside the 95 %% interval: %s",
                shown,
                goal,
                settle(group, name, v, goal, count)));
      }
    }
  }

  /** The metric a target names: the positive class's in a binary domain, else the average. */
  private Optional<MetricValue> targetMetric(GroupKey group, String name) {
    boolean binary = e.isBinary(group.domain());
    MetricId id =
        switch (name) {
          case "precision" -> binary ? MetricId.PRECISION : MetricId.MACRO_PRECISION;
          case "recall" -> binary ? MetricId.RECALL : MetricId.MACRO_RECALL;
          case "f1" -> binary ? MetricId.F1 : MetricId.MACRO_F1;
          case "accuracy" -> MetricId.ACCURACY;
          case "specificity" -> binary ? MetricId.SPECIFICITY : null;
          default -> null;
        };
    return id == null ? Optional.empty() : e.metric(group, null, id);
  }

  /** "how many more examples would settle it", from the counts behind the interval. */
  private String settle(GroupKey group, String name, MetricValue v, double goal, long count) {
    String positive = e.positiveClasses().get(group.domain());
    double tp = positive == null ? 0 : classCount(group, positive, MetricId.TP);
    double trials =
        switch (name) {
          case "precision" -> tp + classCount(group, positive, MetricId.FP);
          case "recall" -> tp + classCount(group, positive, MetricId.FN);
          case "specificity" -> count - classCount(group, positive, MetricId.SUPPORT);
          default -> count;
        };
    long n = (long) trials;
    long successes = Math.round(v.value() * n);
    OptionalLong more = TargetDecision.examplesToSettle(successes, n, goal, MAX_PROJECTED);
    if (more.isEmpty() || n == 0) {
      return "no sample size settles it at this value";
    }
    // The interval's n is a share of the labelled examples (the predicted or actual positives
    // for precision and recall): scale the extra trials to labelled examples at the same share.
    long examples = (long) Math.ceil(more.getAsLong() * (double) count / n);
    return String.format(
        Locale.ROOT,
        "about %,d more labelled examples (%,d in all) would settle it if %s stays at %.3f",
        examples,
        count + examples,
        name,
        v.value());
  }

  /**
   * A count of a class in a group; 0 when the class has no row there (neither a label nor a
   * prediction of the group), as {@link dev.domaineval.metrics.ConfusionMatrix} counts it.
   */
  private double classCount(GroupKey group, String cls, MetricId metric) {
    return e.metric(group, cls, metric).map(MetricValue::value).orElse(0.0);
  }

  private void oneSidedGain(String candidate, String domain) {
    boolean binary = e.isBinary(domain);
    MetricId p = binary ? MetricId.PRECISION : MetricId.MACRO_PRECISION;
    MetricId r = binary ? MetricId.RECALL : MetricId.MACRO_RECALL;
    Optional<ComparisonRow> pr = comparison(candidate, domain, SliceKey.OVERALL, null, p);
    Optional<ComparisonRow> rr = comparison(candidate, domain, SliceKey.OVERALL, null, r);
    if (pr.isEmpty() || rr.isEmpty()) {
      return;
    }
    double tol = e.thresholds().oneSidedTolerance();
    ComparisonRow a = pr.get();
    ComparisonRow b = rr.get();
    boolean precisionUp = a.delta() > 0;
    ComparisonRow up = precisionUp ? a : b;
    ComparisonRow down = precisionUp ? b : a;
    boolean oneSided =
        up.delta() > 0
            && down.delta() < 0
            && ((up.delta() > tol && -down.delta() > tol)
                || (up.delta() > 0 && down.significant()));
    if (!oneSided) {
      return;
    }
    add(
        Severity.WARN,
        FindingCode.ONE_SIDED_GAIN,
        candidate,
        domain,
        SliceKey.OVERALL,
        String.format(
            Locale.ROOT,
            "%s on %s: %s rose %+.3f (%.3f -> %.3f) while %s fell %+.3f (%.3f -> %.3f)%s. A gain"
                + " on one side paid for on the other is not a domain adaptation.",
            candidate,
            domain,
            label(up),
            up.delta(),
            up.baselineValue(),
            up.candidateValue(),
            label(down),
            down.delta(),
            down.baselineValue(),
            down.candidateValue(),
            down.significant()
                ? String.format(Locale.ROOT, ", significantly (p = %.2g)", down.pValue())
                : ""));
  }

  /**
   * DATA_LEAKAGE: evaluation examples of the domain that were also fine-tuning data of the
   * candidate; fails above the allowed rate, else informs. The message puts the priority metric on
   * all examples next to the clean ones, so the inflation shows.
   */
  private void leakage(String candidate, String domain, Policy policy) {
    String slice = e.leakageSlices().get(candidate);
    if (slice == null) {
      return;
    }
    GroupKey all = new GroupKey(candidate, domain, SliceKey.OVERALL);
    GroupKey leaked = new GroupKey(candidate, domain, new SliceKey(slice, "leaked"));
    GroupKey clean = new GroupKey(candidate, domain, new SliceKey(slice, "clean"));
    long n = count(all);
    long leakedCount = count(leaked);
    if (leakedCount == 0 || n == 0) {
      return;
    }
    double rate = leakedCount / (double) n;
    boolean fails = rate > e.thresholds().maxLeakRate();
    String what = priorityLabel(domain, policy);
    ConfusionMatrix cleanMatrix = e.matrices().get(clean);
    String inflation =
        cleanMatrix == null || cleanMatrix.total() == 0
            ? "no clean example is left to measure it on"
            : String.format(
                Locale.ROOT,
                "%s is %.3f on all examples but %.3f on the %d clean ones",
                what,
                priorityValue(e.matrices().get(all), domain, policy),
                priorityValue(cleanMatrix, domain, policy),
                cleanMatrix.total());
    add(
        fails ? Severity.FAIL : Severity.INFO,
        FindingCode.DATA_LEAKAGE,
        candidate,
        domain,
        new SliceKey(slice, SliceKey.POOLED),
        String.format(
            Locale.ROOT,
            "%s on %s: %d of %d evaluation examples (%.1f %%) were also in %s's fine-tuning data%s;"
                + " %s. Judge it on the clean slice (%s = clean) and remove them from the"
                + " evaluation set.",
            candidate,
            domain,
            leakedCount,
            n,
            100 * rate,
            candidate,
            fails
                ? String.format(
                    Locale.ROOT, ", above the %.1f %% allowed", 100 * e.thresholds().maxLeakRate())
                : "",
            inflation,
            slice));
  }

  private long count(GroupKey group) {
    ConfusionMatrix m = e.matrices().get(group);
    return m == null ? 0 : m.total();
  }

  /**
   * OVERFITTING: the candidate's priority metric on the examples it was trained on exceeds its
   * value on the held-out ones by more than the configured gap, while the baseline's gap stays
   * within it. "Trained on" is the training split (against every other split value, merged), and,
   * where the candidate has fine-tuning data, the leaked examples (against the clean ones).
   */
  private void overfitting(String candidate, String domain, Policy policy) {
    String train = e.thresholds().trainSplit();
    overfitting(candidate, domain, policy, SPLIT, train, "of split '" + train + "'");
    String leakage = e.leakageSlices().get(candidate);
    if (leakage != null) {
      overfitting(
          candidate, domain, policy, leakage, "leaked", "that leaked (slice " + leakage + ")");
    }
  }

  /** OVERFITTING on one definition of "trained on": a value of a slice against the others. */
  private void overfitting(
      String candidate,
      String domain,
      Policy policy,
      String slice,
      String trainedValue,
      String description) {
    Optional<double[]> cand = splitGap(candidate, domain, policy, slice, trainedValue);
    Optional<double[]> base = splitGap(e.baseline(), domain, policy, slice, trainedValue);
    if (cand.isEmpty() || base.isEmpty()) {
      return;
    }
    double[] c = cand.get();
    double[] b = base.get();
    double max = e.thresholds().overfittingMaxGap();
    double candidateGap = c[0] - c[1];
    double baselineGap = b[0] - b[1];
    if (!(candidateGap > max) || baselineGap > max) {
      return;
    }
    String what = priorityLabel(domain, policy);
    add(
        Severity.WARN,
        FindingCode.OVERFITTING,
        candidate,
        domain,
        new SliceKey(slice, SliceKey.POOLED),
        String.format(
            Locale.ROOT,
            "%s on %s: %s is %.3f on the %d examples %s, which it was trained on, but %.3f on"
                + " the %d held-out examples (gap %.3f > %.2f), while %s shows a gap of %.3f: the"
                + " candidate fits its training data; judge it on held-out examples only.",
            candidate,
            domain,
            what,
            c[0],
            (long) c[2],
            description,
            c[1],
            (long) c[3],
            candidateGap,
            max,
            e.baseline(),
            baselineGap));
  }

  /** [train value, held-out value, train examples, held-out examples] of a model, if enough. */
  private Optional<double[]> splitGap(
      String model, String domain, Policy policy, String slice, String train) {
    ConfusionMatrix trained = null;
    ConfusionMatrix held = ConfusionMatrix.empty();
    for (Map.Entry<GroupKey, ConfusionMatrix> m : e.matrices().entrySet()) {
      GroupKey g = m.getKey();
      if (!g.model().equals(model)
          || !g.domain().equals(domain)
          || !g.slice().slice().equals(slice)) {
        continue;
      }
      if (g.slice().value().equals(train)) {
        trained = m.getValue();
      } else if (!g.slice().value().equals(SliceKey.NULL_VALUE)) {
        held = held.plus(m.getValue());
      }
    }
    if (trained == null
        || trained.total() < policy.minSupport()
        || held.total() < policy.minSupport()) {
      return Optional.empty();
    }
    return Optional.of(
        new double[] {
          priorityValue(trained, domain, policy),
          priorityValue(held, domain, policy),
          trained.total(),
          held.total()
        });
  }

  private double priorityValue(ConfusionMatrix m, String domain, Policy policy) {
    String positive = e.positiveClasses().get(domain);
    MetricId id =
        policy.priority().equals("precision")
            ? (positive != null ? MetricId.PRECISION : MetricId.MACRO_PRECISION)
            : (positive != null ? MetricId.RECALL : MetricId.MACRO_RECALL);
    return GroupMetrics.compute(m, positive).stream()
        .filter(v -> v.cls() == null && v.metric() == id)
        .mapToDouble(MetricValue::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  private String priorityLabel(String domain, Policy policy) {
    String positive = e.positiveClasses().get(domain);
    return positive != null
        ? policy.priority() + " of '" + positive + "'"
        : "macro " + policy.priority();
  }

  private void accuracyParadox(String model, String domain) {
    GroupKey group = new GroupKey(model, domain, SliceKey.OVERALL);
    long count = (long) e.value(group, null, MetricId.COUNT);
    double accuracy = e.value(group, null, MetricId.ACCURACY);
    Map<String, Long> supports = new TreeMap<>();
    for (MetricValue v : e.metrics().getOrDefault(group, List.of())) {
      if (v.metric() == MetricId.SUPPORT && v.value() > 0) {
        supports.put(v.cls(), (long) v.value());
      }
    }
    if (count == 0 || supports.size() < 2) {
      return;
    }
    String majority = supports.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    double majorityRate = supports.get(majority) / (double) count;
    // The class to watch: the positive class of a binary domain, unless it is the majority, then
    // the rarest class (a barely found minority is the trap either way).
    String rarest = supports.entrySet().stream().min(Map.Entry.comparingByValue()).get().getKey();
    String positive = e.positiveClasses().get(domain);
    String minority = positive != null && !positive.equals(majority) ? positive : rarest;
    double recall = e.value(group, minority, MetricId.RECALL);
    boolean looksGood =
        accuracy >= e.thresholds().paradoxMinAccuracy()
            && recall < e.thresholds().paradoxMaxRecall();
    boolean noBetterThanMajority = accuracy <= majorityRate;
    if (!looksGood && !noBetterThanMajority) {
      return;
    }
    add(
        Severity.WARN,
        FindingCode.ACCURACY_PARADOX,
        model,
        domain,
        SliceKey.OVERALL,
        String.format(
            Locale.ROOT,
            "%s on %s: accuracy %.3f %s always predicting '%s' (%.3f), but recall of '%s' (%d of"
                + " %d examples) is %.3f. Judge this domain by recall and precision, not"
                + " accuracy.",
            model,
            domain,
            accuracy,
            noBetterThanMajority ? "is no better than" : "looks good next to",
            majority,
            majorityRate,
            minority,
            supports.getOrDefault(minority, 0L),
            count,
            recall));
  }

  private void invalidPredictions(String model, String domain) {
    GroupKey group = new GroupKey(model, domain, SliceKey.OVERALL);
    double rate = e.value(group, null, MetricId.INVALID_RATE);
    long count = (long) e.value(group, null, MetricId.COUNT);
    if (!(rate > e.thresholds().maxInvalidRate())) {
      return;
    }
    add(
        Severity.WARN,
        FindingCode.INVALID_PREDICTIONS,
        model,
        domain,
        SliceKey.OVERALL,
        String.format(
            Locale.ROOT,
            "%s on %s: %.1f %% of the predictions (%d of %d) are invalid or missing, above the"
                + " %.1f %% allowed; they count as wrong. Check the model's output parsing.",
            model,
            domain,
            100 * rate,
            Math.round(rate * count),
            count,
            100 * e.thresholds().maxInvalidRate()));
  }

  /** REGRESSION (in-domain) and FORGETTING (out-of-domain) from significant comparison rows. */
  private void regressions() {
    for (ComparisonRow row : e.comparison()) {
      if (!row.significant() || !row.isRegression() || SliceKey.POOLED.equals(row.domain())) {
        continue;
      }
      // In a binary domain the aggregate recall and specificity are the per-class recalls of the
      // positive and the negative class, with the same test: report each drop once, by class.
      if (row.cls() == null
          && e.isBinary(row.domain())
          && (row.metric() == MetricId.RECALL || row.metric() == MetricId.SPECIFICITY)) {
        continue;
      }
      Policy policy = e.policies().apply(row.domain());
      // min-support is about the slice's examples, not a class's (a per-class row's support).
      long examples =
          (long)
              e.value(
                  new GroupKey(row.baseline(), row.domain(), row.slice()), null, MetricId.COUNT);
      if (examples < policy.minSupport()) {
        continue;
      }
      boolean outOfDomain = policy.role() == Policy.Role.OUT_OF_DOMAIN;
      boolean priority = isPriority(row, policy);
      Severity severity =
          outOfDomain
              ? (row.slice().isOverall() ? Severity.FAIL : Severity.WARN)
              : (priority ? Severity.FAIL : Severity.WARN);
      add(
          severity,
          outOfDomain ? FindingCode.FORGETTING : FindingCode.REGRESSION,
          row.candidate(),
          row.domain(),
          row.slice(),
          String.format(
              Locale.ROOT,
              "%s on %s%s: %s fell %+.3f (%.3f -> %.3f) against %s, significantly (p = %.2g;"
                  + " %d fixed, %d broken, %d examples)%s.",
              row.candidate(),
              row.domain(),
              row.slice().isOverall()
                  ? ""
                  : " (" + row.slice().slice() + " = " + row.slice().value() + ")",
              label(row),
              row.delta(),
              row.baselineValue(),
              row.candidateValue(),
              row.baseline(),
              row.pValue(),
              row.paired() == null ? 0 : row.paired().fixed(),
              row.paired() == null ? 0 : row.paired().broken(),
              row.support(),
              outOfDomain
                  ? ": the candidate forgot some of what the base model knew outside its domain"
                  : priority ? ", the domain's priority metric" : ""));
    }
  }

  private boolean isPriority(ComparisonRow row, Policy policy) {
    String positive = e.positiveClasses().get(row.domain());
    MetricId id = policy.priority().equals("precision") ? MetricId.PRECISION : MetricId.RECALL;
    if (row.metric() != id) {
      return false;
    }
    return positive == null || row.cls() == null || row.cls().equals(positive);
  }

  private void lowSupport(List<String> domains) {
    Map<List<String>, long[]> bySlice = new TreeMap<>(Comparator.comparing(Object::toString));
    for (Map.Entry<GroupKey, List<MetricValue>> entry : e.metrics().entrySet()) {
      GroupKey g = entry.getKey();
      if (!g.model().equals(e.baseline()) || g.isPooledDomain() || g.slice().isOverall()) {
        continue;
      }
      long count = (long) e.value(g, null, MetricId.COUNT);
      long[] counts =
          bySlice.computeIfAbsent(List.of(g.domain(), g.slice().slice()), k -> new long[2]);
      counts[1]++;
      if (count < e.policies().apply(g.domain()).minSupport()) {
        counts[0]++;
      }
    }
    bySlice.forEach(
        (key, counts) -> {
          if (counts[0] > 0) {
            add(
                Severity.INFO,
                FindingCode.LOW_SUPPORT,
                null,
                key.get(0),
                new SliceKey(key.get(1), SliceKey.POOLED),
                String.format(
                    Locale.ROOT,
                    "%s: %d of %d values of slice '%s' have fewer than %d examples; they are"
                        + " reported but never gate.",
                    key.get(0),
                    counts[0],
                    counts[1],
                    key.get(1),
                    e.policies().apply(key.get(0)).minSupport()));
          }
        });
    for (String domain : domains) {
      long count =
          (long)
              e.value(new GroupKey(e.baseline(), domain, SliceKey.OVERALL), null, MetricId.COUNT);
      long min = e.policies().apply(domain).minSupport();
      if (count < min) {
        add(
            Severity.WARN,
            FindingCode.LOW_SUPPORT,
            null,
            domain,
            SliceKey.OVERALL,
            String.format(
                Locale.ROOT,
                "%s has only %d labelled examples, fewer than min-support %d: its gates are"
                    + " inconclusive. Label more examples of this domain.",
                domain,
                count,
                min));
      }
    }
  }

  private void unmatchedRows() {
    long usable = 0;
    Map<String, Long> missing = new TreeMap<>();
    Map<String, Long> orphans = new TreeMap<>();
    long nullLabels = 0;
    for (Evidence.InputCount c : e.inputs()) {
      if (c.table().equals("labels")) {
        if (c.reason().equals("predicted_by_all_models")) {
          usable += c.rows();
        } else if (c.reason().startsWith("missing_prediction:")) {
          usable += c.rows();
          for (String m : c.reason().substring("missing_prediction:".length()).split(",")) {
            missing.merge(m, c.rows(), Long::sum);
          }
        } else if (c.reason().equals("null_label")) {
          nullLabels += c.rows();
        }
      } else if (c.reason().equals("no_label") && c.model() != null) {
        orphans.merge(c.model(), c.rows(), Long::sum);
      }
    }
    final long labelled = usable;
    missing.forEach(
        (model, n) ->
            add(
                Severity.WARN,
                FindingCode.UNMATCHED_ROWS,
                model,
                SliceKey.POOLED,
                SliceKey.OVERALL,
                String.format(
                    Locale.ROOT,
                    "%s has no prediction for %d of %d labelled examples (%.2f %%); they count as"
                        + " (invalid). Check that the model's predictions are complete.",
                    model,
                    n,
                    labelled,
                    100.0 * n / labelled)));
    orphans.forEach(
        (model, n) ->
            add(
                Severity.INFO,
                FindingCode.UNMATCHED_ROWS,
                model,
                SliceKey.POOLED,
                SliceKey.OVERALL,
                String.format(
                    Locale.ROOT,
                    "%d predictions of %s have no label row; they are excluded (reconciliation"
                        + " reason no_label).",
                    n,
                    model)));
    if (nullLabels > 0) {
      add(
          Severity.INFO,
          FindingCode.UNMATCHED_ROWS,
          null,
          SliceKey.POOLED,
          SliceKey.OVERALL,
          String.format(
              Locale.ROOT,
              "%d label rows have a null or blank label; they are excluded (reason null_label).",
              nullLabels));
    }
  }

  // ---- verdicts ----

  private List<Verdict> verdicts(List<String> domains) {
    List<Verdict> out = new ArrayList<>();
    for (String candidate : e.candidates()) {
      for (String domain : domains) {
        List<Finding> mine =
            findings.stream()
                .filter(f -> candidate.equals(f.model()) && f.domain().equals(domain))
                .toList();
        List<String> reasons = new ArrayList<>();
        mine.stream()
            .filter(f -> f.severity() == Severity.FAIL)
            .forEach(f -> reasons.add(f.code() + ": " + f.message()));
        List<String> open = inconclusive.getOrDefault(List.of(candidate, domain), List.of());
        open.forEach(r -> reasons.add("INCONCLUSIVE: " + r));
        List<Finding> warnings = mine.stream().filter(f -> f.severity() == Severity.WARN).toList();
        warnings.stream()
            .limit(MAX_WARNINGS_IN_VERDICT)
            .forEach(f -> reasons.add(f.code() + ": " + f.message()));
        if (warnings.size() > MAX_WARNINGS_IN_VERDICT) {
          reasons.add(
              String.format(
                  Locale.ROOT,
                  "... and %d more warnings about %s on %s in the findings table.",
                  warnings.size() - MAX_WARNINGS_IN_VERDICT,
                  candidate,
                  domain));
        }
        Verdict.Outcome outcome;
        if (mine.stream().anyMatch(f -> f.severity() == Severity.FAIL)) {
          outcome = Verdict.Outcome.FAIL;
        } else if (!open.isEmpty()) {
          outcome = Verdict.Outcome.INCONCLUSIVE;
        } else if (mine.stream().anyMatch(f -> f.severity() == Severity.WARN)) {
          outcome = Verdict.Outcome.WARN;
        } else {
          outcome = Verdict.Outcome.PASS;
        }
        out.add(new Verdict(candidate, domain, outcome, reasons));
      }
    }
    return out;
  }

  // ---- helpers ----

  private List<String> domains() {
    TreeSet<String> domains = new TreeSet<>();
    for (GroupKey g : e.metrics().keySet()) {
      if (!g.isPooledDomain()) {
        domains.add(g.domain());
      }
    }
    return List.copyOf(domains);
  }

  private List<String> models() {
    List<String> models = new ArrayList<>();
    models.add(e.baseline());
    models.addAll(e.candidates());
    return models;
  }

  private Optional<ComparisonRow> comparison(
      String candidate, String domain, SliceKey slice, String cls, MetricId metric) {
    return e.comparison().stream()
        .filter(r -> r.candidate().equals(candidate) && r.domain().equals(domain))
        .filter(r -> r.slice().equals(slice) && r.metric() == metric)
        .filter(r -> java.util.Objects.equals(r.cls(), cls))
        .findFirst();
  }

  private String describe(String domain, String name, MetricValue v) {
    String positive = e.positiveClasses().get(domain);
    String what =
        positive != null && !name.equals("accuracy") ? name + " of '" + positive + "'" : name;
    if (positive == null && !name.equals("accuracy")) {
      what = "macro " + name;
    }
    return v.hasInterval()
        ? String.format(
            Locale.ROOT, "%s is %.3f [%.3f, %.3f]", what, v.value(), v.ciLow(), v.ciHigh())
        : String.format(Locale.ROOT, "%s is %.3f", what, v.value());
  }

  private static String label(ComparisonRow row) {
    return row.cls() == null ? row.metric().id() : row.metric().id() + " of '" + row.cls() + "'";
  }

  private void inconclusive(String candidate, String domain, String reason) {
    inconclusive.computeIfAbsent(List.of(candidate, domain), k -> new ArrayList<>()).add(reason);
  }

  private void add(
      Severity severity,
      FindingCode code,
      String model,
      String domain,
      SliceKey slice,
      String message) {
    findings.add(new Finding(severity, code, model, domain, slice, message));
  }
}
