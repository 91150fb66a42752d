package dev.pilot.platform.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The ids a log line is about, as MDC entries: the production profile's JSON logs carry them as
 * fields ({@code execution_id}, {@code approval_id}, {@code agent_id}), so one execution's lines
 * can be found across the three services. Closing it removes exactly what it put.
 */
public final class LogContext implements AutoCloseable {

  public static final String EXECUTION_ID = "execution_id";
  public static final String APPROVAL_ID = "approval_id";
  public static final String AGENT_ID = "agent_id";

  private static final Pattern ID_IN_PATH =
      Pattern.compile("/api/(executions|approvals|agents)/([0-9a-fA-F-]{36})(?:/|$)");

  private final List<String> keys = new ArrayList<>();

  private LogContext() {}

  public static LogContext empty() {
    return new LogContext();
  }

  /** The id a request path names, e.g. {@code /api/executions/{id}/pause} gives execution_id. */
  public static LogContext ofPath(String path) {
    LogContext context = new LogContext();
    Matcher id = ID_IN_PATH.matcher(path == null ? "" : path);
    if (id.find()) {
      String key =
          switch (id.group(1)) {
            case "executions" -> EXECUTION_ID;
            case "approvals" -> APPROVAL_ID;
            default -> AGENT_ID;
          };
      context.with(key, id.group(2));
    }
    return context;
  }

  public LogContext with(String key, Object value) {
    if (value != null && MDC.get(key) == null) {
      MDC.put(key, value.toString());
      keys.add(key);
    }
    return this;
  }

  @Override
  public void close() {
    keys.forEach(MDC::remove);
    keys.clear();
  }
}
