package dev.domaineval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domaineval.config.Secrets;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.Severity;
import dev.domaineval.findings.ShipDecision;
import dev.domaineval.findings.Verdict;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The run's {@code summary.json}, for schedulers: the run id, whether a gate failed and the exit
 * code, the verdict of every candidate and domain, the decision per candidate, the findings by
 * severity, the input counts and where the tables are. Jackson is the one Spark brings (it is on
 * every Spark classpath).
 *
 * <p>Fields (a public interface, documented in the README): {@code run_id}, {@code published_at},
 * {@code status} ({@code passed} or {@code gate_failed}), {@code exit_code}, {@code verdicts} (list
 * of {@code candidate}, {@code domain}, {@code verdict}, {@code reasons}, {@code kind}, {@code
 * reason_kinds}), {@code decisions} (list of {@code candidate}, {@code decision}: {@code ship},
 * {@code do_not_ship} or {@code not_decided}, {@code facts}: list of {@code domain}, null when
 * about every domain, and {@code reason}), {@code findings} ({@code fail}, {@code warn}, {@code
 * info}), {@code inputs} (table to reason to rows) and {@code outputs} (table to path; {@code
 * report}: the path of report.html). Paths are masked ({@link Secrets#maskText}): a password in the
 * output path does not reach the file.
 */
public final class RunSummary {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The field that records when the run was published. */
  public static final String PUBLISHED_AT = "published_at";

  private RunSummary() {}

  /** Renders the summary, published now. */
  public static String json(
      String runId,
      boolean gateFailed,
      Assessment.Result assessment,
      Map<String, Path> tables,
      List<ReconciliationCount> inputs) {
    return json(runId, Instant.now(), gateFailed, assessment, tables, inputs);
  }

  /**
   * Renders the summary. {@code published_at} (ISO-8601, UTC) orders the runs of the report's
   * history.
   */
  public static String json(
      String runId,
      Instant publishedAt,
      boolean gateFailed,
      Assessment.Result assessment,
      Map<String, Path> tables,
      List<ReconciliationCount> inputs) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("run_id", runId);
    root.put(PUBLISHED_AT, publishedAt.toString());
    root.put("status", gateFailed ? "gate_failed" : "passed");
    root.put("exit_code", gateFailed ? 3 : 0);
    ArrayNode verdicts = root.putArray("verdicts");
    for (Verdict v : assessment.verdicts()) {
      ObjectNode node = verdicts.addObject();
      node.put("candidate", v.candidate());
      node.put("domain", v.domain());
      node.put("verdict", v.outcome().name());
      ArrayNode reasons = node.putArray("reasons");
      v.reasons().forEach(reasons::add);
      node.put("kind", v.kindId());
      ArrayNode kinds = node.putArray("reason_kinds");
      v.kinds().forEach(k -> kinds.add(k.id()));
    }
    ArrayNode decisions = root.putArray("decisions");
    for (ShipDecision d : assessment.decisions()) {
      ObjectNode node = decisions.addObject();
      node.put("candidate", d.candidate());
      node.put("decision", d.call().id());
      ArrayNode facts = node.putArray("facts");
      for (ShipDecision.Fact f : d.facts()) {
        ObjectNode fact = facts.addObject();
        fact.put("domain", f.domain());
        fact.put("reason", f.reason());
      }
    }
    ObjectNode findings = root.putObject("findings");
    for (Severity s : List.of(Severity.FAIL, Severity.WARN, Severity.INFO)) {
      findings.put(s.id(), assessment.count(s));
    }
    Map<String, Map<String, Long>> byTable = ReconciliationCount.byTableAndReason(inputs);
    ObjectNode in = root.putObject("inputs");
    byTable.forEach(
        (table, reasons) -> {
          ObjectNode node = in.putObject(table);
          reasons.forEach(node::put);
        });
    ObjectNode outputs = root.putObject("outputs");
    tables.forEach((table, path) -> outputs.put(table, Secrets.maskText(path.toString())));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
