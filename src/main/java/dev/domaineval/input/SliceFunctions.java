package dev.domaineval.input;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The built-in functions a slice expression may call, and why some well-known others may not: the
 * allow-list of {@link SliceExpressions}, documented in docs/operations.md#slice-expressions.
 *
 * <p>Every allowed function is deterministic and computes a value from its arguments alone: no
 * randomness, clock, session, environment, file, table or Java call. Names are Spark's, in lower
 * case (Spark compares function names case-insensitively).
 */
public final class SliceFunctions {
  /** The allowed functions by kind, in the order the docs list them. */
  public static final Map<String, List<String>> BY_KIND =
      kinds(
          "conditional and null",
          "between coalesce equal_null if ifnull isnan isnotnull isnull nanvl nullif nullifzero"
              + " nvl nvl2 zeroifnull",
          "string",
          "ascii btrim char_length character_length chr concat concat_ws contains endswith"
              + " format_number ilike initcap instr lcase left len length levenshtein like locate"
              + " lower lpad ltrim overlay position regexp regexp_count regexp_extract regexp_instr"
              + " regexp_like regexp_replace regexp_substr replace reverse right rlike rpad rtrim"
              + " soundex split_part startswith substr substring substring_index translate trim"
              + " ucase upper",
          "math",
          "abs bround cbrt ceil ceiling div exp floor greatest least ln log log10 log2 mod negative"
              + " pmod positive pow power round sign signum sqrt try_add try_divide try_mod"
              + " try_multiply try_subtract width_bucket",
          "date and time",
          "add_months date_add date_diff date_format date_part date_sub date_trunc dateadd datediff"
              + " datepart day dayofmonth dayofweek dayofyear extract hour last_day make_date minute"
              + " month months_between next_day quarter second to_date to_timestamp trunc"
              + " try_to_timestamp weekday weekofyear year",
          "hash",
          "crc32 hash md5 sha1 sha2 xxhash64");

  /** Every allowed function, sorted. */
  public static final SortedSet<String> ALLOWED = union(BY_KIND);

  /**
   * Names that Spark reads as a function (or as the input file's metadata) when the table has no
   * column of that name: {@code current_timestamp} without parentheses is the function.
   */
  static final Set<String> FUNCTION_LIKE_NAMES =
      Set.copyOf(
          names(
              "current_date current_time current_timestamp current_user user session_user"
                  + " grouping__id _metadata"));

  private static final Map<String, String> REASONS =
      reasons(
          "it calls Java methods",
          "reflect java_method try_reflect",
          "it is not deterministic: a row could get another value in another run",
          "rand randn random randstr uniform uuid shuffle monotonically_increasing_id"
              + " spark_partition_id input_file_name input_file_block_start"
              + " input_file_block_length current_date current_time current_timestamp curdate now"
              + " localtimestamp unix_timestamp",
          "it reads the session or its environment",
          "current_user user session_user current_catalog current_database current_schema"
              + " current_timezone version",
          "it is an aggregate; a slice is a value of its own row",
          "count sum avg mean min max first last any_value count_if collect_list collect_set"
              + " array_agg approx_count_distinct percentile percentile_approx percentile_cont"
              + " median mode stddev variance bool_and bool_or every some any max_by min_by"
              + " listagg",
          "it makes rows or reads a table; a slice is one value of its own row",
          "explode explode_outer posexplode posexplode_outer inline inline_outer stack json_tuple"
              + " range read_files",
          "it is a higher-order function, which takes a lambda function",
          "transform filter exists forall aggregate reduce zip_with map_filter map_zip_with"
              + " transform_keys transform_values array_sort");

  private SliceFunctions() {}

  /** Whether a slice expression may call the function (by its plain name, any case). */
  public static boolean isAllowed(String name) {
    return ALLOWED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Why a function that is not allowed is not, when it is a well-known one (lower-case name). */
  static Optional<String> reason(String name) {
    return Optional.ofNullable(REASONS.get(name));
  }

  private static List<String> names(String spaced) {
    return List.of(spaced.trim().split("\\s+"));
  }

  /** Pairs of a kind and its space-separated names. */
  private static Map<String, List<String>> kinds(String... pairs) {
    Map<String, List<String>> kinds = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      kinds.put(pairs[i], names(pairs[i + 1]));
    }
    return Collections.unmodifiableMap(kinds);
  }

  /** Pairs of a reason and the space-separated names it applies to. */
  private static Map<String, String> reasons(String... pairs) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      for (String name : names(pairs[i + 1])) {
        reasons.put(name, pairs[i]);
      }
    }
    return Collections.unmodifiableMap(reasons);
  }

  private static SortedSet<String> union(Map<String, List<String>> kinds) {
    SortedSet<String> all = new TreeSet<>();
    kinds.values().forEach(all::addAll);
    return Collections.unmodifiableSortedSet(all);
  }
}
