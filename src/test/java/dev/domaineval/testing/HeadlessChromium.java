package dev.domaineval.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools protocol with the
 * JDK's WebSocket client: no driver binary and no extra dependency. It records every network
 * request, console message, uncaught exception, log entry and JavaScript dialog of the page, so a
 * test can assert that a page loads nothing and logs no error.
 *
 * <p>The browser runs on the loopback interface with a throw-away profile and is killed on {@link
 * #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path profile;
  private Process process;
  private WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  /** The browser executable: $CHROMIUM, else chromium or chromium-browser on the PATH. */
  public static Optional<Path> executable() {
    List<String> names = new ArrayList<>();
    String env = System.getenv("CHROMIUM");
    if (env != null && !env.isBlank()) {
      names.add(env);
    }
    names.addAll(List.of("chromium", "chromium-browser", "google-chrome"));
    for (String name : names) {
      Path direct = Path.of(name);
      if (direct.isAbsolute() && Files.isExecutable(direct)) {
        return Optional.of(direct);
      }
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts a browser with a window of the given size and opens a blank page. */
  public static HeadlessChromium start(Path executable, int width, int height)
      throws IOException, InterruptedException {
    return new HeadlessChromium(executable, width, height);
  }

  private HeadlessChromium(Path executable, int width, int height)
      throws IOException, InterruptedException {
    this.profile = Files.createTempDirectory("chromium-profile");
    try {
      this.process = launch(executable, width, height);
      this.socket = connect();
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      send(domain + ".enable", JSON.createObjectNode());
    }
  }

  private Process launch(Path executable, int width, int height) throws IOException {
    return new ProcessBuilder(
            executable.toString(),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--user-data-dir=" + profile,
            "--window-size=" + width + "," + height,
            "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private WebSocket connect() throws IOException, InterruptedException {
    String browserUrl = null;
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    StringBuilder seen = new StringBuilder();
    String line;
    while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        browserUrl = m.group(1);
        break;
      }
    }
    if (browserUrl == null) {
      throw new IOException("Chromium did not start its DevTools endpoint. It printed:\n" + seen);
    }
    // Keep draining stderr so the browser never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                while (err.readLine() != null) {
                  // discarded
                }
              } catch (IOException ignored) {
                // the browser is gone
              }
            },
            "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    URI browser = URI.create(browserUrl);
    HttpClient http = HttpClient.newHttpClient();
    String pageUrl = null;
    for (int attempt = 0; attempt < 50 && pageUrl == null; attempt++) {
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://" + browser.getHost() + ":" + browser.getPort() + "/json/list"))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : JSON.readTree(list.body())) {
        if ("page".equals(target.path("type").asText())) {
          pageUrl = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageUrl == null) {
        Thread.sleep(100);
      }
    }
    if (pageUrl == null) {
      throw new IOException("Chromium has no page target at " + browserUrl);
    }
    try {
      return http.newWebSocketBuilder()
          .connectTimeout(TIMEOUT)
          .buildAsync(URI.create(pageUrl), new Listener())
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("Cannot connect to Chromium's page at " + pageUrl, e);
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
            if (f != null) {
              f.complete(message);
            }
          } else {
            events.add(message);
          }
        } catch (IOException e) {
          events.add(JSON.createObjectNode().put("method", "test.unparsable").put("text", text));
        }
      }
      ws.request(1);
      return null;
    }
  }

  /** Sends a command and waits for its result; a protocol error is an exception. */
  public JsonNode send(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    try {
      socket
          .sendText(JSON.writeValueAsString(message), true)
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IllegalStateException(method + " failed: " + r.get("error"));
      }
      return r.path("result");
    } catch (Exception e) {
      throw new IllegalStateException("DevTools command " + method + " failed", e);
    }
  }

  /**
   * Opens a URL and waits for its load event.
   *
   * @return the milliseconds from navigation start to the end of the load event, as the page's
   *     Navigation Timing reports it
   */
  public double open(String url) throws InterruptedException {
    events.clear();
    send("Page.navigate", JSON.createObjectNode().put("url", url));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (events.stream().anyMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()))) {
        break;
      }
      Thread.sleep(20);
    }
    // loadEventEnd is set just after the load handlers return.
    for (int i = 0; i < 100; i++) {
      double end =
          evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd").asDouble();
      if (end > 0) {
        return end;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("The page " + url + " did not finish loading");
  }

  /**
   * Lays the page out in a viewport of the given size in CSS pixels, as a desktop browser window of
   * that size would (not as a phone: a phone browser may widen its layout viewport to fit a page
   * that overflows, which would hide a horizontal scroll). Applies to the next {@link #open}.
   */
  public void emulateViewport(int width, int height) {
    send(
        "Emulation.setDeviceMetricsOverride",
        JSON.createObjectNode()
            .put("width", width)
            .put("height", height)
            .put("deviceScaleFactor", 1)
            .put("mobile", false));
  }

  /**
   * Emulates a CSS media type ({@code "screen"}, {@code "print"}, or {@code ""} for the browser's
   * own) and media features such as {@code prefers-color-scheme: dark}; an empty map clears them.
   */
  public void emulateMedia(String type, Map<String, String> features) {
    ObjectNode params = JSON.createObjectNode().put("media", type);
    var list = params.putArray("features");
    features.forEach((name, value) -> list.addObject().put("name", name).put("value", value));
    send("Emulation.setEmulatedMedia", params);
  }

  /** Evaluates a JavaScript expression in the page and returns its value. */
  public JsonNode evaluate(String expression) {
    JsonNode r =
        send(
            "Runtime.evaluate",
            JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(
          "The page threw on `" + expression + "`: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** The URLs the page requested (the document itself included). */
  public List<String> requests() {
    return events.stream()
        .filter(e -> "Network.requestWillBeSent".equals(e.path("method").asText()))
        .map(e -> e.path("params").path("request").path("url").asText())
        .toList();
  }

  /**
   * Console errors and assertions, uncaught exceptions, error log entries (such as
   * Content-Security-Policy violations) and JavaScript dialogs, as text.
   */
  public List<String> errors() {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      String method = e.path("method").asText();
      JsonNode p = e.path("params");
      switch (method) {
        case "Runtime.consoleAPICalled" -> {
          String type = p.path("type").asText();
          if (type.equals("error") || type.equals("assert")) {
            out.add("console." + type + ": " + p.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> out.add("exception: " + p.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          if (p.path("entry").path("level").asText().equals("error")) {
            out.add("log: " + p.path("entry").path("text").asText());
          }
        }
        case "Page.javascriptDialogOpening" -> out.add("dialog: " + p.path("message").asText());
        default -> {
          // not an error
        }
      }
    }
    return out;
  }

  /** Saves a PNG screenshot of the viewport, or of the whole page. */
  public void screenshot(Path file, boolean fullPage) throws IOException {
    ObjectNode params = JSON.createObjectNode().put("format", "png");
    if (fullPage) {
      JsonNode size = send("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
      ObjectNode clip =
          JSON.createObjectNode()
              .put("x", 0)
              .put("y", 0)
              .put("width", size.path("width").asDouble())
              .put("height", size.path("height").asDouble())
              .put("scale", 1);
      params.set("clip", clip);
      params.put("captureBeyondViewport", true);
    }
    String data = send("Page.captureScreenshot", params).path("data").asText();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.abort();
      }
    } finally {
      destroy();
    }
  }

  private void destroy() {
    try {
      if (process != null) {
        // Chromium's helper processes (network service, GPU, renderers) write into the profile
        // too: stop them with the browser before the profile is deleted.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        helpers.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : helpers) {
          h.onExit().get(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // a helper that outlives the browser only keeps its files; deletion below is best effort
    }
    try (Stream<Path> walk = Files.walk(profile)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException ignored) {
      // a leftover temporary profile (or a file that vanished while walking it) is harmless
    }
  }
}
