package dev.domaineval.config;

import java.util.List;
import java.util.Optional;

/**
 * One slice of the report: metrics are computed for every value of it.
 *
 * <p>A {@link Kind#COLUMN} or {@link Kind#EXPRESSION} slice is a dimension read from one input
 * table; a {@link Kind#CROSS} slice combines dimensions named by other slices, and its value is the
 * values of its parts joined by {@code |} (e.g. {@code en|web}).
 *
 * @param name the value of the {@code slice} column in the outputs
 * @param kind column, expression or cross
 * @param sql the column name or the Spark SQL expression (empty for a cross)
 * @param parts for a cross, the names of the slices it combines (empty otherwise)
 * @param from the table the column or expression reads, when configured
 * @param highCardinality counted in its own grouping rather than at the shared finest grain
 */
public record SliceSpec(
    String name,
    Kind kind,
    String sql,
    List<String> parts,
    Optional<TableRef> from,
    boolean highCardinality) {

  /** How a slice gets its value. */
  public enum Kind {
    COLUMN,
    EXPRESSION,
    CROSS,
    /**
     * {@code leaked} or {@code clean}: whether the example was in the fine-tuning data of the
     * candidate named by {@code sql}. Added by the configuration, never written by a user.
     */
    LEAKAGE
  }

  /** The input table a slice dimension reads. */
  public enum TableRef {
    LABELS("labels"),
    PREDICTIONS("predictions");

    private final String id;

    TableRef(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public SliceSpec {
    parts = List.copyOf(parts);
  }

  public boolean isCross() {
    return kind == Kind.CROSS;
  }
}
