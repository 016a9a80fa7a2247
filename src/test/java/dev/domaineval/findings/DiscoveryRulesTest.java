package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.discovery.DiscoveredSlice;
import dev.domaineval.discovery.ErrorDefinition;
import dev.domaineval.discovery.Predicate;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DiscoveryRules} on its own. */
class DiscoveryRulesTest {
  private static final List<Predicate> PLANTED =
      List.of(new Predicate("source", "partner_api"), new Predicate("length_bucket", "long"));

  private static DiscoveredSlice slice(
      ErrorDefinition error, List<Predicate> predicates, boolean significant) {
    return new DiscoveredSlice(
        "ft",
        "legal",
        error,
        1,
        predicates,
        1000,
        300,
        0.3,
        0.1,
        1.2,
        20,
        280,
        1010,
        280,
        1e-9,
        significant);
  }

  @Test
  void aSignificantSliceWarnsAndInformsByDefault() {
    List<Finding> found =
        DiscoveryRules.evaluate(List.of(slice(ErrorDefinition.BROKEN, PLANTED, true)), false);

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARN);
              assertThat(f.code()).isEqualTo(FindingCode.DISCOVERED_SLICE);
              assertThat(f.gates()).isFalse();
              assertThat(f.model()).isEqualTo("ft");
              assertThat(f.domain()).isEqualTo("legal");
              assertThat(f.slice())
                  .isEqualTo(new SliceKey("source & length_bucket", "partner_api|long"));
              assertThat(f.message())
                  .contains(
                      "source = partner_api AND length_bucket = long",
                      "300 of 1000 examples broken (0.300 against 0.100 in the domain)",
                      "broke 280 examples the baseline got right and fixed 20",
                      "Add it to 'slices' as a cross");
            });
    assertThat(FindingCode.DISCOVERED_SLICE.kind()).isEqualTo(ReasonKind.MODEL);
  }

  @Test
  void withTheGateOnlyASignificantBrokenSliceFails() {
    List<Finding> found =
        DiscoveryRules.evaluate(
            List.of(
                slice(ErrorDefinition.BROKEN, PLANTED, true),
                slice(ErrorDefinition.WRONG, PLANTED, true),
                slice(ErrorDefinition.BROKEN, List.of(new Predicate("source", null)), false)),
            true);

    assertThat(found).hasSize(2);
    assertThat(found.get(0).severity()).isEqualTo(Severity.FAIL);
    assertThat(found.get(0).gates()).isTrue();
    assertThat(found.get(1).severity()).isEqualTo(Severity.WARN);
    assertThat(found.get(1).gates()).isFalse();
    assertThat(found.get(1).message()).contains("got 280 of 1010 examples wrong");
  }

  @Test
  void valuesReadAsInTheSlicesTable() {
    // The pass's values are in the table's form already: an escaped data value stays escaped.
    assertThat(
            DiscoveryRules.sliceKey(
                List.of(
                    new Predicate("source", null),
                    new Predicate("lang", "(other)"),
                    new Predicate("tag", "\\(null)"))))
        .isEqualTo(new SliceKey("source & lang & tag", "(null)|(other)|\\(null)"));
  }
}
