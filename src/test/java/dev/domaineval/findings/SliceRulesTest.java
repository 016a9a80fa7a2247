package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import org.junit.jupiter.api.Test;

/** {@link SliceRules} on its own. */
class SliceRulesTest {

  @Test
  void tooManySliceValuesWarnsWithoutChangingVerdicts() {
    Finding f = SliceRules.tooManyValues("customer", 1200, 1000, 345);

    assertThat(f)
        .isEqualTo(
            new Finding(
                Severity.WARN,
                FindingCode.TOO_MANY_SLICE_VALUES,
                null,
                SliceKey.POOLED,
                new SliceKey("customer", SliceKey.OTHER_VALUE),
                "Slice 'customer' has 1200 distinct values: the 1000 with the most examples are"
                    + " reported and the other 200 values (345 example-model rows) are counted as '"
                    + SliceKey.OTHER_VALUE
                    + "'. Slice on a coarser expression, or raise max-slice-values if you need them"
                    + " all (the outputs grow with it).",
                Finding.Effect.INFORMS));
  }
}
