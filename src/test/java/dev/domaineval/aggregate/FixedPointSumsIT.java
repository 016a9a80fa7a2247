package dev.domaineval.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.counts.FixedPointSum;
import dev.domaineval.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spark expressions that split the score terms into fixed-point parts compute what {@link
 * FixedPointSum#high} and {@link FixedPointSum#low} compute (the unit tests check those), and leave
 * the rows without scores null.
 */
@ExtendWith(SharedSpark.class)
class FixedPointSumsIT {

  @Test
  void sparkSplitsEachTermAsFixedPointSumDoes(SparkSession spark) {
    double[] terms = {
      0, 1e-16, 5e-16, 1e-15, 0.1, 0.5, 0.7310585786300049, 0.999999999, 1, 34.5387
    };
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      double t = terms[i];
      rows.add(RowFactory.create(i, t, terms[terms.length - 1 - i], t * t));
    }
    rows.add(RowFactory.create(terms.length, null, null, null));
    StructType schema =
        new StructType()
            .add("i", DataTypes.IntegerType)
            .add(PassRows.SCORE_SUM, DataTypes.DoubleType)
            .add(PassRows.LOG_LOSS, DataTypes.DoubleType)
            .add(PassRows.BRIER, DataTypes.DoubleType);
    Dataset<Row> df = spark.createDataFrame(rows, schema);

    List<Row> split = ScoreTerms.withFixedPointSums(df).orderBy("i").collectAsList();

    assertThat(split.get(0).schema().fieldNames())
        .containsExactly(
            "i",
            PassRows.FIXED_POINT_SUMS.get(0),
            PassRows.FIXED_POINT_SUMS.get(1),
            PassRows.FIXED_POINT_SUMS.get(2),
            PassRows.FIXED_POINT_SUMS.get(3),
            PassRows.FIXED_POINT_SUMS.get(4),
            PassRows.FIXED_POINT_SUMS.get(5));
    for (int i = 0; i < terms.length; i++) {
      Row r = split.get(i);
      double[] expected = {terms[i], terms[terms.length - 1 - i], terms[i] * terms[i]};
      for (int k = 0; k < 3; k++) {
        assertThat(r.getLong(1 + 2 * k))
            .as("high part of term %d of row %d", k, i)
            .isEqualTo(FixedPointSum.high(expected[k]));
        assertThat(r.getLong(2 + 2 * k))
            .as("low part of term %d of row %d", k, i)
            .isEqualTo(FixedPointSum.low(expected[k]));
      }
    }
    Row unscored = split.get(terms.length);
    for (int c = 1; c <= 6; c++) {
      assertThat(unscored.isNullAt(c)).as("column %d of a row without score", c).isTrue();
    }
  }
}
