package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellCountTest {
  private static final SliceKey EN = new SliceKey("lang", "en");

  private static CellCount cell(
      String model, String domain, SliceKey slice, String a, String p, long n) {
    return new CellCount(new GroupKey(model, domain, slice), a, p, n);
  }

  @Test
  void thePooledDomainSumsEveryDomainsCellsPerModelSliceAndValues() {
    List<CellCount> perDomain =
        List.of(
            cell("base", "spam", SliceKey.OVERALL, "spam", "spam", 5),
            cell("base", "legal", SliceKey.OVERALL, "spam", "spam", 2),
            cell("base", "legal", SliceKey.OVERALL, "contract", "(invalid)", 1),
            cell("base", "spam", EN, "spam", "spam", 3),
            cell("ft", "spam", SliceKey.OVERALL, "spam", "spam", 4),
            cell("base", "legal", EN, "spam", "spam", 6));

    assertThat(CellCount.pooled(perDomain))
        .containsExactly(
            cell("base", SliceKey.POOLED, SliceKey.OVERALL, "spam", "spam", 7),
            cell("base", SliceKey.POOLED, SliceKey.OVERALL, "contract", "(invalid)", 1),
            cell("base", SliceKey.POOLED, EN, "spam", "spam", 9),
            cell("ft", SliceKey.POOLED, SliceKey.OVERALL, "spam", "spam", 4));
  }

  @Test
  void pooledCellsAreNotPooledAgain() {
    assertThatThrownBy(
            () ->
                CellCount.pooled(
                    List.of(cell("base", SliceKey.POOLED, SliceKey.OVERALL, "a", "a", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pooled domain already");
  }
}
