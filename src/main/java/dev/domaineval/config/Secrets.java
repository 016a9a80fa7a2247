package dev.domaineval.config;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What could be a secret, and how it is masked: the one rule for every text that leaves a run (the
 * settings dump, log lines, error messages, the HTML report, {@code summary.json}), and the
 * redaction Spark applies to its own logs, UI and event log ({@link #sparkRedactionRegex}).
 *
 * <p>A setting is secret when its key ({@link #isSecretKey}, any case):
 *
 * <ul>
 *   <li>contains password, passwd, secret, token, credential, access key, private key, api key,
 *       signature, authorization, or sas or auth as a word of its own ({@code fs.s3a.secret.key},
 *       {@code fs.s3a.access.key}, {@code fs.azure.sas.<container>.<account>...}, {@code
 *       spark.ssl.keyStorePassword});
 *   <li>ends in key or sas ({@code fs.s3a.encryption.key} and {@code
 *       fs.s3a.server-side-encryption.key}, the SSE-C key; {@code fs.gs.encryption.key}; {@code
 *       secretKey}, {@code accountSas}), unless it is a column mapping ({@code columns.key} names a
 *       column);
 *   <li>is an Azure storage account key, {@code fs.azure.account.key.<account>...}: its value is
 *       the key, its name holds the account, which stays readable.
 * </ul>
 *
 * <p>A key with such a word anywhere is masked even when its value is only a class name ({@code
 * fs.s3a.aws.credentials.provider}, {@code fs.s3a.access.key.provider}): that costs a class name in
 * the log, and a rule that tried to tell them apart would one day let a secret through. Keys such
 * as {@code history.runs}, {@code fs.azure.account.keyprovider.<account>} or {@code
 * spark.authenticate} are not secret.
 *
 * <p>In any text ({@link #maskText}) the masked parts are: user information in a URI ({@code
 * s3a://key:secret@bucket}, {@code jdbc:postgresql://user:pw@host}, {@code https://token@host})
 * wherever the URI stands, the value of a secret setting written as {@code key=value} (also a JVM
 * option's {@code -Dkey=value}, JSON's {@code "key": value} and HOCON's {@code
 * spark.conf."key"=value}) and credentials in a query string: Azure SAS signatures ({@code
 * sv=...&sig=...}), pre-signed S3 and GCS URLs ({@code X-Amz-Signature=}, {@code
 * X-Amz-Credential=}, {@code X-Amz-Security-Token=}), {@code access_token=}. The part before '@' in
 * an Azure storage URI ({@code abfss://container@account.dfs.core.windows.net}) is the container,
 * not a credential, and is kept unless it holds a ':'. A URI with both ':' and '@' after its scheme
 * is masked up to its last '@': better an unreadable path than a leaked password.
 */
public final class Secrets {
  /** What a masked value reads as: the same text as Spark's own redaction. */
  public static final String MASK = "*********(redacted)";

  /** The Spark setting of Spark's redaction of its logs, UI and event log. */
  public static final String SPARK_REDACTION_KEY = "spark.redaction.regex";

  /** Words that make a key secret wherever they stand (the rule of the first release). */
  private static final String ANYWHERE =
      "password|passwd|secret|token|credential|access[._-]?key|private[._-]?key|api[._-]?key"
          + "|signature|authorization|(?:^|[._-])sas(?:[._-]|$)|(?:^|[._-])auth(?:[._-]|$)";

  /** The Azure storage account keys of ABFS and WASB. */
  private static final String AZURE_ACCOUNT_KEY = "fs\\.azure\\.account\\.key(?:\\.|$)";

  /** A last name segment that ends in key or sas; a column mapping names a column. */
  private static final String LAST_SEGMENT = "(?<!(?:^|\\.)columns?\\.)(?:key|sas)$";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          ANYWHERE + "|" + AZURE_ACCOUNT_KEY + "|" + LAST_SEGMENT, Pattern.CASE_INSENSITIVE);

  /**
   * A URI's scheme (group 1) and user information (group 2): {@code user:password@} (the password
   * may hold '/', as AWS secret keys do, or '@'), or {@code token@}.
   */
  private static final Pattern URI_USER_INFO =
      Pattern.compile(
          "\\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#@\\s'\"<>:]*:[^\\s'\"<>]*|[^/?#@\\s'\"<>:]+)@");

  /** Schemes whose user information is an Azure storage container, not a credential. */
  private static final Set<String> CONTAINER_SCHEMES = Set.of("abfs", "abfss", "wasb", "wasbs");

  /**
   * A setting in text: its key (group 1, HOCON quotes allowed), then {@code =} and the value (group
   * 2); or a quoted key (group 3), then {@code :} and the value (group 4), as JSON writes it.
   */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?<![\\w.\"])(?:([A-Za-z_][\\w.\"-]*)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s&;'\"]+)"
              + "|\"([A-Za-z_][\\w.-]*)\"\\s*:\\s*(\"[^\"]*\"|[^\\s,;'\"}]+))");

  /** The query parameter of an Azure SAS signature; the others of a SAS are not secret. */
  private static final String SAS_SIGNATURE = "sig";

  /**
   * Spark's default redaction, {@code (?i)secret|password|token|access[.]?key}, widened to this
   * class's keys and to values holding user information or a SAS signature (Spark masks a setting
   * when its key or its value matches).
   */
  private static final String SPARK_REDACTION =
      "(?i)"
          + ANYWHERE
          + "|"
          + AZURE_ACCOUNT_KEY
          + "|(?<!(?:^|\\.)columns?\\.)(?:key|sas)(?:$|=)"
          + "|://[^/@\\s]*:[^@\\s]*@|(?<!abfss?|wasbs?)://[^/@\\s:]+@"
          + "|(?:^|[?&;])sig=";

  private Secrets() {}

  /** Whether a setting with this key could hold a secret. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).find();
  }

  /**
   * A setting's value as it may be shown: {@link #MASK} for a secret key, otherwise the value with
   * {@link #maskText} applied (a path with a password, a JVM option that sets a secret).
   */
  public static String maskValue(String key, String value) {
    if (isSecretKey(key)) {
      return MASK;
    }
    return maskText(value);
  }

  /**
   * Any text (a path, a URI, a message, a stack trace) with user information in URIs, secret
   * settings and query-string credentials masked. Masking masked text changes nothing.
   */
  public static String maskText(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = maskUserInfo(text);
    return maskSettings(out);
  }

  /** A throwable as a stack trace prints it (its causes included), masked. */
  public static String maskStackTrace(Throwable t) {
    StringWriter trace = new StringWriter();
    try (PrintWriter w = new PrintWriter(trace)) {
      t.printStackTrace(w);
    }
    return maskText(trace.toString());
  }

  /**
   * The value of {@link #SPARK_REDACTION_KEY} for a session of the job: at least what this class
   * masks and Spark's default terms, and whatever was configured before (by the cluster, {@code
   * --conf} or the job file), so that setting it never narrows the redaction.
   */
  public static String sparkRedactionRegex(Optional<String> configured) {
    return configured
        .filter(c -> !c.isBlank() && !c.equals(SPARK_REDACTION))
        .map(c -> SPARK_REDACTION + "|(?:" + c + ")")
        .orElse(SPARK_REDACTION);
  }

  private static String maskUserInfo(String text) {
    Matcher m = URI_USER_INFO.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String scheme = m.group(1).substring(0, m.group(1).length() - 3).toLowerCase(Locale.ROOT);
      boolean container = CONTAINER_SCHEMES.contains(scheme) && m.group(2).indexOf(':') < 0;
      String replacement = container ? m.group() : m.group(1) + MASK + "@";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Masks the values of secret settings. The value of any other setting is searched too, since it
   * may hold one ({@code url=https://host/x?sig=...}).
   */
  private static String maskSettings(String text) {
    Matcher m = KEY_VALUE.matcher(text);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    int from = 0;
    while (from < text.length() && m.find(from)) {
      boolean assigned = m.group(1) != null;
      String key = (assigned ? m.group(1) : m.group(3)).replace("\"", "");
      int value = assigned ? 2 : 4;
      if (isSecretKey(key) || key.equalsIgnoreCase(SAS_SIGNATURE)) {
        out.append(text, copied, m.start(value)).append(MASK);
        copied = m.end(value);
        from = copied;
      } else {
        from = m.start(value);
      }
    }
    return out.append(text, copied, text.length()).toString();
  }
}
