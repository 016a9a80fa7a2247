package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.domaineval.counts.Reason;
import dev.domaineval.input.ExampleJoin;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The reconciliation rows of one joined example (part of {@link ExampleRows}): every input row of
 * the labels, the predictions and the fine-tuning tables joined by id that the example's rows do
 * not stand for already, under exactly one {@link Reason}. A usable example's label row and its
 * selected models' first predictions are counted by its example row instead (see {@link
 * ExampleRows#perModel}); here they count 0, and rows with a count of 0 are dropped before the pass
 * counts. Rows of the same layout carry the number of the example's text values that hold U+FFFD
 * per table ({@link RowKind#REPLACEMENT_CHARACTERS}).
 */
final class ReconciliationRows {
  /** Makes one reconciliation row in the layout of {@link PassRows}; its kind is the table. */
  interface Maker {
    Column row(String table, Column model, Column reason, Column n);
  }

  private ReconciliationRows() {}

  /** The reconciliation rows of one example, made by {@code recon}. */
  static List<Column> of(ExampleJoin join, List<String> models, Maker recon) {
    Column nullId = ExampleJoin.exampleId().isNull();
    Column nLabels = ExampleJoin.labelRows();
    Column usable = ExampleJoin.isUsable();
    List<Column> out = new ArrayList<>();

    // The label row of an example that is not usable has no id, no label or no domain.
    Column labelReason =
        when(nullId, lit(Reason.NULL_EXAMPLE_ID.id()))
            .when(ExampleJoin.label().isNull(), lit(Reason.NULL_LABEL.id()))
            .otherwise(lit(Reason.NULL_DOMAIN.id()));
    out.add(
        recon.row(
            PassRows.LABELS_TABLE,
            nullString(),
            labelReason,
            when(usable, lit(0L))
                .otherwise(
                    when(nullId, nLabels)
                        .otherwise(when(nLabels.gt(0), lit(1L)).otherwise(lit(0L))))));
    out.add(
        recon.row(
            PassRows.LABELS_TABLE,
            nullString(),
            lit(Reason.DUPLICATE_KEY.id()),
            when(nullId, lit(0L)).otherwise(greatest(nLabels.minus(1), lit(0L)))));

    for (int i = 0; i < models.size(); i++) {
      Column n = ExampleJoin.predictionRows(i);
      Column reason =
          when(nullId, lit(Reason.NULL_EXAMPLE_ID.id()))
              .when(nLabels.equalTo(0), lit(Reason.NO_LABEL.id()))
              .when(ExampleJoin.label().isNull(), lit(Reason.NULL_LABEL.id()))
              .when(ExampleJoin.domain().isNull(), lit(Reason.NULL_DOMAIN.id()))
              .otherwise(lit(Reason.MATCHED.id()));
      out.add(
          recon.row(
              PassRows.PREDICTIONS_TABLE,
              lit(models.get(i)),
              reason,
              when(usable, lit(0L))
                  .otherwise(
                      when(nullId, n).otherwise(when(n.gt(0), lit(1L)).otherwise(lit(0L))))));
      out.add(
          recon.row(
              PassRows.PREDICTIONS_TABLE,
              lit(models.get(i)),
              lit(Reason.DUPLICATE_KEY.id()),
              when(nullId, lit(0L)).otherwise(greatest(n.minus(1), lit(0L)))));
    }
    out.add(
        recon.row(
            PassRows.PREDICTIONS_TABLE,
            nullString(),
            lit(Reason.MODEL_NOT_SELECTED.id()),
            ExampleJoin.otherModelRows()));
    for (ExampleJoin.TrainingTable t : join.trainingTablesById()) {
      out.add(
          recon.row(
              t.table(),
              nullString(),
              when(nullId, lit(Reason.NULL_EXAMPLE_ID.id()))
                  .when(usable, lit(Reason.IN_EVAL.id()))
                  .otherwise(lit(Reason.NOT_IN_EVAL.id())),
              ExampleJoin.trainingRows(t.model())));
    }
    // Not reconciliation rows but rows of the same layout: the values with U+FFFD per table.
    for (String table : List.of(PassRows.LABELS_TABLE, PassRows.PREDICTIONS_TABLE)) {
      out.add(
          recon.row(
              RowKind.REPLACEMENT_CHARACTERS.id(),
              nullString(),
              lit(table),
              coalesce(ExampleJoin.replacementCharacters(table), lit(0L))));
    }
    return out;
  }

  private static Column nullString() {
    return lit(null).cast("string");
  }
}
