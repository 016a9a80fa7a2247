package dev.domaineval.findings;

import dev.domaineval.slice.SliceKey;
import java.util.Objects;

/**
 * One thing the run found: a row of the findings table.
 *
 * @param severity how much it matters
 * @param code what kind of finding
 * @param model the model it is about (for a comparison, the candidate), or null when it is about
 *     the inputs of every model
 * @param domain the domain, or {@code *} for all domains
 * @param slice the slice and value, {@link SliceKey#OVERALL} when unsliced
 * @param message a sentence a person can act on, with the numbers
 * @param effect whether it bears on the verdict of its model on its domain; not a column of the
 *     findings table
 */
public record Finding(
    Severity severity,
    FindingCode code,
    String model,
    String domain,
    SliceKey slice,
    String message,
    Effect effect) {
  public Finding {
    Objects.requireNonNull(effect, "effect");
  }

  /** What a finding does to the verdicts. */
  public enum Effect {
    /**
     * It counts toward the verdict of its model on its domain: a FAIL fails it, a WARN makes it at
     * least WARN (an INFO never changes a verdict).
     */
    GATES,
    /** It informs and never changes a verdict, whatever its severity. */
    INFORMS
  }

  /** A finding that gates, the shape of most findings. */
  public Finding(
      Severity severity,
      FindingCode code,
      String model,
      String domain,
      SliceKey slice,
      String message) {
    this(severity, code, model, domain, slice, message, Effect.GATES);
  }

  /** Whether it counts toward the verdict of its model on its domain. */
  public boolean gates() {
    return effect == Effect.GATES;
  }
}
