package dev.domaineval.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The slices a job gets without configuring them: {@code split} when the labels have a split column
 * (unless a slice of that name is configured), and one leakage slice per candidate with training
 * data.
 */
final class AutomaticSlices {
  private AutomaticSlices() {}

  /** The configured slices followed by the automatic ones. */
  static List<SliceSpec> add(
      Settings settings,
      List<SliceSpec> configured,
      InputSpec labels,
      List<String> candidates,
      Map<String, InputSpec> training) {
    List<SliceSpec> slices = new ArrayList<>(configured);
    if (labels.column("split").isPresent()
        && slices.stream().noneMatch(x -> x.name().equals(ConfigLoader.SPLIT_SLICE))) {
      // The split is a slice of its own, so that OVERFITTING can compare train with held out.
      slices.add(
          new SliceSpec(
              ConfigLoader.SPLIT_SLICE,
              SliceSpec.Kind.COLUMN,
              labels.column("split").get(),
              List.of(),
              Optional.of(SliceSpec.TableRef.LABELS),
              false));
    }
    List<SliceSpec> withLeakage = new ArrayList<>(slices);
    for (String candidate : candidates) {
      if (training.containsKey(candidate)) {
        String name =
            training.size() == 1
                ? ConfigLoader.LEAKAGE_SLICE
                : ConfigLoader.LEAKAGE_SLICE + "_" + candidate;
        if (slices.stream().anyMatch(x -> x.name().equals(name))) {
          settings.invalid(
              "slices", "the slice name '" + name + "' is reserved for the leakage slice");
        }
        withLeakage.add(
            new SliceSpec(
                name, SliceSpec.Kind.LEAKAGE, candidate, List.of(), Optional.empty(), false));
      }
    }
    return List.copyOf(withLeakage);
  }
}
