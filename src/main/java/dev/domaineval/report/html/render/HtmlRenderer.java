package dev.domaineval.report.html.render;

import dev.domaineval.report.html.view.Chart;
import dev.domaineval.report.html.view.ReportView;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link ReportView} into a self-contained HTML page: the FreeMarker template {@code
 * report.ftlh} places the view's values, and {@link SvgChart} draws its charts as inline SVG.
 *
 * <p>The template is FreeMarker's HTML output format, so every value is escaped where it is
 * printed; the charts escape their own texts. The page loads nothing: a Content-Security-Policy
 * meta tag forbids every external load and allows only the page's own script, by its SHA-256 hash.
 */
public final class HtmlRenderer {
  private static final Configuration FREEMARKER = configuration();
  private static final String SCRIPT = resource("report.js");

  /** {@code svg(chart)} in the template: the chart as SVG markup, printed as it is. */
  private static final TemplateMethodModelEx SVG = HtmlRenderer::svg;

  /** Renders the page. */
  public String render(ReportView view) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("header", view.header());
    root.put("verdicts", view.verdicts());
    root.put("findings", view.findings());
    root.put("domains", view.domains());
    root.put("slices", view.slices());
    root.put("discovery", view.discovery());
    root.put("history", view.history());
    root.put("inputs", view.inputs());
    root.put("svg", SVG);
    root.put("script", SCRIPT);
    root.put("scriptHash", sha256(SCRIPT));
    try {
      Template template = FREEMARKER.getTemplate("report.ftlh");
      StringWriter out = new StringWriter(256 * 1024);
      template.process(root, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the report template", e);
    } catch (TemplateException e) {
      throw new IllegalStateException("The report template failed: " + e.getMessage(), e);
    }
  }

  private static Object svg(List<?> arguments) throws TemplateModelException {
    if (arguments.size() != 1
        || !(DeepUnwrap.unwrap((TemplateModel) arguments.get(0)) instanceof Chart chart)) {
      throw new TemplateModelException("svg(chart) takes one chart, got " + arguments);
    }
    return HTMLOutputFormat.INSTANCE.fromMarkup(new SvgChart(chart).render());
  }

  /** Base64 SHA-256, as a CSP hash source wants it. */
  public static String sha256(String s) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassForTemplateLoading(HtmlRenderer.class, "");
    c.setDefaultEncoding("UTF-8");
    c.setOutputFormat(HTMLOutputFormat.INSTANCE);
    c.setObjectWrapper(new IsolatingWrapper());
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setNumberFormat("computer");
    c.setLocale(Locale.ROOT);
    return c;
  }

  /** Wraps every string of the view with its direction isolated ({@link Bidi}). */
  private static final class IsolatingWrapper extends DefaultObjectWrapper {
    IsolatingWrapper() {
      super(Configuration.VERSION_2_3_34);
    }

    @Override
    public TemplateModel wrap(Object obj) throws TemplateModelException {
      return super.wrap(obj instanceof String s ? Bidi.isolate(s) : obj);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlRenderer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + " next to HtmlRenderer");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
