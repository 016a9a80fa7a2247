package dev.domaineval.input;

import static org.apache.spark.sql.functions.expr;

import dev.domaineval.config.InputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidate's fine-tuning data.
 *
 * @param df the opened table
 * @param spec its configuration
 * @param model the candidate's position in the selected models
 * @param id its example-id column, or null
 * @param text its text column, or null
 */
record TrainingData(Dataset<Row> df, InputSpec spec, int model, String id, String text) {
  /** The join's logger: reading the texts is a step of the join. */
  private static final Logger LOG = LoggerFactory.getLogger(ExampleJoin.class);

  static TrainingData open(InputReader reader, InputSpec spec, int model) {
    Dataset<Row> df = reader.open(spec);
    String id =
        spec.column("example_id").isPresent() ? ExampleJoin.text(df, spec, "example_id") : null;
    String text = spec.column("text").isPresent() ? ExampleJoin.text(df, spec, "text") : null;
    return new TrainingData(df, spec, model, id, text);
  }

  String hashColumn() {
    return "h_" + model;
  }

  /**
   * The distinct normalised-text hashes of the training table, collected to the driver (the one
   * read of the table) and returned as a small local table to broadcast. Counts the table's rows
   * into {@code rows} when the table has no id column (otherwise the join counts them).
   */
  Dataset<Row> textHashes(SparkSession spark, Map<String, Long> rows) {
    List<Row> hashes =
        df.groupBy(textHash(ExampleJoin.quote(text)).as("h")).count().collectAsList();
    List<Row> distinct = new ArrayList<>();
    long total = 0;
    for (Row r : hashes) {
      total += r.getLong(1);
      if (!r.isNullAt(0)) {
        distinct.add(RowFactory.create(r.getLong(0)));
      }
    }
    if (id == null) {
      rows.put(spec.table(), total);
    }
    LOG.info(
        "Read {} rows of {} ({} distinct texts) to find leaked examples by text",
        total,
        spec.source(),
        distinct.size());
    return spark.createDataFrame(
        distinct, new StructType().add(hashColumn(), DataTypes.LongType, false));
  }

  /** The hash of a text trimmed, lower-cased and with white space collapsed; null for null. */
  static Column textHash(String column) {
    return expr(
        "CASE WHEN "
            + column
            + " IS NULL THEN NULL ELSE xxhash64(regexp_replace(lower(trim(CAST("
            + column
            + " AS STRING))), '\\\\s+', ' ')) END");
  }
}
