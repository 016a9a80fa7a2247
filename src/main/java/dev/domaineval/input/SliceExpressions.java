package dev.domaineval.input;

import dev.domaineval.config.SliceSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedExtractValue;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.BitwiseAnd;
import org.apache.spark.sql.catalyst.expressions.BitwiseNot;
import org.apache.spark.sql.catalyst.expressions.BitwiseOr;
import org.apache.spark.sql.catalyst.expressions.BitwiseXor;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Concat;
import org.apache.spark.sql.catalyst.expressions.Divide;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Exists;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.ILike;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.InSubquery;
import org.apache.spark.sql.catalyst.expressions.IntegralDivide;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Like;
import org.apache.spark.sql.catalyst.expressions.LikeAll;
import org.apache.spark.sql.catalyst.expressions.LikeAny;
import org.apache.spark.sql.catalyst.expressions.ListQuery;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Lower;
import org.apache.spark.sql.catalyst.expressions.Multiply;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.NotLikeAll;
import org.apache.spark.sql.catalyst.expressions.NotLikeAny;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.Overlay;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.catalyst.expressions.Remainder;
import org.apache.spark.sql.catalyst.expressions.ScalarSubquery;
import org.apache.spark.sql.catalyst.expressions.StringLocate;
import org.apache.spark.sql.catalyst.expressions.StringTrim;
import org.apache.spark.sql.catalyst.expressions.StringTrimLeft;
import org.apache.spark.sql.catalyst.expressions.StringTrimRight;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.Substring;
import org.apache.spark.sql.catalyst.expressions.Subtract;
import org.apache.spark.sql.catalyst.expressions.TimestampAdd;
import org.apache.spark.sql.catalyst.expressions.TimestampDiff;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import org.apache.spark.sql.catalyst.expressions.UnaryPositive;
import org.apache.spark.sql.catalyst.expressions.UnresolvedNamedLambdaVariable;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a slice expression may use: an allow-list, checked on the parsed, still unresolved
 * expression before any table is opened, so that an expression that is not allowed never reaches
 * Spark's analyzer or an executor.
 *
 * <p>A slice expression computes a value of its own row. Allowed are column references, literals,
 * comparisons, boolean logic, arithmetic, {@code IN} with a list of values, {@code IS [NOT] NULL},
 * {@code LIKE}/{@code ILIKE}/{@code RLIKE}, {@code CASE}, casts and the deterministic built-in
 * functions of {@link SliceFunctions}. Everything else is rejected, among it: subqueries (they read
 * other tables, or any file through {@code text.`/path`}), {@code reflect}/{@code java_method}
 * (they call any Java method, {@code System.exit} included), non-deterministic functions,
 * aggregates, generators, lambdas, windows, user-defined functions and {@code ${...}} variable
 * substitution (which Spark's parser fills in from settings, system properties and the
 * environment). The reasons and the list are documented in docs/operations.md#slice-expressions.
 */
public final class SliceExpressions {
  /** Where the allow-list is documented. */
  public static final String DOCS = "docs/operations.md#slice-expressions";

  /** The allowed constructs other than function calls, as the messages and the docs name them. */
  public static final String CONSTRUCTS =
      "column references (also of struct fields, array and map elements), literals, comparisons"
          + " (=, <>, <, <=, >, >=, <=>, IS [NOT] DISTINCT FROM), AND, OR, NOT, arithmetic and"
          + " bitwise operators (+, -, *, /, DIV, %, ||, &, |, ^, ~), IN with a list of values,"
          + " IS [NOT] NULL, LIKE, ILIKE, RLIKE, CASE, CAST, TRY_CAST and ::";

  /** The constructs of the parsed expression that are allowed, as Catalyst classes. */
  private static final List<Class<?>> CONSTRUCT_CLASSES =
      List.of(
          Literal.class,
          UnresolvedAttribute.class,
          UnresolvedExtractValue.class,
          EqualTo.class,
          EqualNullSafe.class,
          LessThan.class,
          LessThanOrEqual.class,
          GreaterThan.class,
          GreaterThanOrEqual.class,
          And.class,
          Or.class,
          Not.class,
          Add.class,
          Subtract.class,
          Multiply.class,
          Divide.class,
          IntegralDivide.class,
          Remainder.class,
          UnaryMinus.class,
          UnaryPositive.class,
          BitwiseAnd.class,
          BitwiseOr.class,
          BitwiseXor.class,
          BitwiseNot.class,
          Concat.class,
          In.class,
          // Also IS [NOT] UNKNOWN, which the parser makes as subclasses of these two.
          IsNull.class,
          IsNotNull.class,
          Like.class,
          ILike.class,
          RLike.class,
          LikeAny.class,
          LikeAll.class,
          NotLikeAny.class,
          NotLikeAll.class,
          // ILIKE ANY (...) lower-cases its value.
          Lower.class,
          CaseWhen.class,
          // CAST, TRY_CAST and ::
          Cast.class,
          // The SQL-standard syntax of trim, position, substring, overlay, timestampadd and
          // timestampdiff, which the parser makes directly instead of a function call.
          StringTrim.class,
          StringTrimLeft.class,
          StringTrimRight.class,
          StringLocate.class,
          Substring.class,
          Overlay.class,
          TimestampAdd.class,
          TimestampDiff.class);

  private SliceExpressions() {}

  /**
   * Checks every expression slice, before any table is opened.
   *
   * @param parser the session's SQL parser, which the expression will be parsed with
   * @param slices the job's slices: the configured ones first, in configured order, so that the
   *     position of an expression slice is its index in the job file's {@code slices} list
   * @throws InvalidInputException naming every slice whose expression cannot be parsed or uses a
   *     construct that is not allowed, each construct named
   */
  public static void check(ParserInterface parser, List<SliceSpec> slices) {
    List<String> problems = new ArrayList<>();
    boolean notAllowed = false;
    for (int i = 0; i < slices.size(); i++) {
      SliceSpec s = slices.get(i);
      if (s.kind() != SliceSpec.Kind.EXPRESSION) {
        continue;
      }
      for (Refusal r : refusals(parser, s.sql())) {
        problems.add(
            String.format("Invalid slice '%s' (slices[%d].expr): %s", s.name(), i, r.message()));
        notAllowed |= r.notAllowed();
      }
    }
    if (problems.isEmpty()) {
      return;
    }
    String allowed = "allowed are " + allowed() + "; see " + DOCS + ".";
    String see = "see " + DOCS + ".";
    if (problems.size() == 1) {
      throw new InvalidInputException(problems.get(0) + "; " + (notAllowed ? allowed : see));
    }
    StringBuilder message =
        new StringBuilder("Invalid slice expressions (" + problems.size() + " problems):");
    for (String p : problems) {
      message.append(System.lineSeparator()).append("  - ").append(p).append('.');
    }
    message
        .append(System.lineSeparator())
        .append(notAllowed ? "In slice expressions " + allowed : "For slice expressions " + see);
    throw new InvalidInputException(message.toString());
  }

  /** The allowed constructs and functions, as one sentence part. */
  public static String allowed() {
    return CONSTRUCTS + ", and the functions " + String.join(", ", SliceFunctions.ALLOWED);
  }

  /**
   * Why an expression is refused, as a sentence part.
   *
   * @param message what is wrong: the parser's reason, or the construct that is not allowed and why
   * @param notAllowed whether the expression uses what the allow-list does not allow (rather than
   *     not parsing)
   */
  record Refusal(String message, boolean notAllowed) {}

  /**
   * Why the expression is refused: it cannot be parsed (the parser's reason and where it stopped),
   * or each construct it uses that is not allowed; empty when it is allowed. Variable substitution
   * ({@code ${...}}) is refused before parsing: Spark's parser replaces it with settings, system
   * properties or environment variables.
   */
  static List<Refusal> refusals(ParserInterface parser, String sql) {
    if (sql.contains("${")) {
      return List.of(
          new Refusal(
              "'${' is not allowed in slice expressions (Spark's parser would replace ${...} with"
                  + " a setting, a system property or an environment variable)",
              true));
    }
    Expression expression;
    try {
      expression = parser.parseExpression(sql);
    } catch (ParseException e) {
      String reason =
          e.message()
              .replaceFirst("^\\[[A-Z0-9_.]+\\]\\s*", "")
              .replaceFirst("\\s*SQLSTATE: \\w+\\s*$", "")
              .replaceFirst("\\.$", "");
      String at =
          e.start().startPosition().isDefined()
              ? " at character " + ((Integer) e.start().startPosition().get() + 1)
              : "";
      return List.of(
          new Refusal(
              String.format("the expression cannot be parsed: %s%s of \"%s\"", reason, at, sql),
              false));
    }
    return violations(expression).stream().map(v -> new Refusal(v, true)).toList();
  }

  /**
   * What the expression uses that is not allowed, one sentence part per construct (the parts of a
   * construct that is not allowed are not looked at); empty when the expression is allowed.
   */
  static List<String> violations(Expression expression) {
    Set<String> out = new LinkedHashSet<>();
    walk(expression, out);
    return List.copyOf(out);
  }

  /**
   * The names in the expression that Spark reads as a function when the table has no column of that
   * name ({@link SliceFunctions#FUNCTION_LIKE_NAMES}), as written. None when it does not parse
   * ({@link #check} reports that).
   */
  static Set<String> functionLikeNames(ParserInterface parser, String sql) {
    Set<String> out = new TreeSet<>();
    try {
      collectFunctionLikeNames(parser.parseExpression(sql), out);
    } catch (ParseException e) {
      // Reported by check, before.
    }
    return out;
  }

  /** Why a function-like name that is no column is not allowed, as a sentence part. */
  static String functionLikeReason(String written) {
    String name = written.toLowerCase(Locale.ROOT);
    return name.equals("_metadata")
        ? "it describes the input file, as input_file_name() does, and is not allowed in slice"
            + " expressions"
        : "Spark would read it as the function "
            + name
            + "(), which is not allowed in slice expressions ("
            + SliceFunctions.reason(name).orElse("it is not one of the allowed built-in functions")
            + ")";
  }

  private static void collectFunctionLikeNames(Expression e, Set<String> out) {
    if (e instanceof UnresolvedAttribute a) {
      List<String> parts = CollectionConverters.asJava(a.nameParts());
      String first = parts.get(0).toLowerCase(Locale.ROOT);
      if ((parts.size() == 1 || first.equals("_metadata"))
          && SliceFunctions.FUNCTION_LIKE_NAMES.contains(first)) {
        out.add(parts.get(0));
      }
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      collectFunctionLikeNames(child, out);
    }
  }

  private static void walk(Expression e, Set<String> out) {
    Optional<String> rejected = rejection(e);
    if (rejected.isPresent()) {
      out.add(rejected.get());
      return;
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      walk(child, out);
    }
  }

  private static Optional<String> rejection(Expression e) {
    if (e instanceof UnresolvedFunction f) {
      return functionRejection(f);
    }
    for (Class<?> allowed : CONSTRUCT_CLASSES) {
      if (allowed.isInstance(e)) {
        return Optional.empty();
      }
    }
    return Optional.of(construct(e) + " is not allowed in slice expressions (" + why(e) + ")");
  }

  private static Optional<String> functionRejection(UnresolvedFunction f) {
    List<String> parts = CollectionConverters.asJava(f.nameParts());
    String written = String.join(".", parts);
    String name = written.toLowerCase(Locale.ROOT);
    String reason;
    if (parts.size() > 1) {
      reason = "only the built-in functions listed are, by their plain name";
    } else if (!SliceFunctions.isAllowed(name)) {
      reason =
          SliceFunctions.reason(name).orElse("it is not one of the allowed built-in functions");
    } else if (f.isDistinct()
        || f.filter().isDefined()
        || f.ignoreNulls().isDefined()
        || !f.orderingWithinGroup().isEmpty()) {
      reason = "DISTINCT, FILTER, IGNORE or RESPECT NULLS and WITHIN GROUP belong to aggregates";
    } else {
      return Optional.empty();
    }
    return Optional.of(
        "the function '" + written + "' is not allowed in slice expressions (" + reason + ")");
  }

  private static String construct(Expression e) {
    if (e instanceof ScalarSubquery) {
      return "a scalar subquery (SELECT ...)";
    }
    if (e instanceof Exists) {
      return "EXISTS (SELECT ...)";
    }
    if (e instanceof InSubquery || e instanceof ListQuery) {
      return "IN (SELECT ...)";
    }
    if (e instanceof SubqueryExpression) {
      return "a subquery";
    }
    if (e instanceof LambdaFunction || e instanceof UnresolvedNamedLambdaVariable) {
      return "a lambda function (x -> ...)";
    }
    if (e instanceof UnresolvedStar) {
      return "a star (" + e + ")";
    }
    if (e instanceof WindowExpression) {
      return "a window (OVER ...)";
    }
    if (e instanceof Alias) {
      return "an alias (AS ...)";
    }
    String name = e.getClass().getSimpleName();
    if (name.endsWith("Parameter")) {
      return "a parameter marker (:name or ?)";
    }
    if (name.equals("ExpressionWithUnresolvedIdentifier")) {
      return "IDENTIFIER(...)";
    }
    return "the construct '" + e.prettyName() + "'";
  }

  private static String why(Expression e) {
    if (e instanceof SubqueryExpression) {
      return "a slice is a value of its own row; a subquery reads other tables, or any file";
    }
    if (e instanceof LambdaFunction || e instanceof UnresolvedNamedLambdaVariable) {
      return "higher-order functions are not allowed";
    }
    if (e instanceof UnresolvedStar) {
      return "a slice is one value";
    }
    if (e instanceof WindowExpression) {
      return "a slice is a value of its own row";
    }
    return "it is not on the allow-list";
  }
}
