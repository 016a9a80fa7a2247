package dev.domaineval.findings;

import dev.domaineval.slice.SliceKey;

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
 */
public record Finding(
    Severity severity,
    FindingCode code,
    String model,
    String domain,
    SliceKey slice,
    String message) {}
