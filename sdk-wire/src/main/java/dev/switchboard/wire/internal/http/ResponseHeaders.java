package dev.switchboard.wire.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Headers;

/**
 * Reads the response headers worth keeping: request ids for support cases, the serving region and
 * remaining quota. Only these allow-listed headers ever leave this class.
 */
public final class ResponseHeaders {
  /**
   * Request-id headers, most useful first: Azure's gateway, the backend, Anthropic, our own echoed
   * id.
   */
  private static final String[] REQUEST_ID_HEADERS = {
    "apim-request-id", "x-request-id", "request-id", "x-ms-client-request-id"
  };

  /** Headers copied into a response's metadata when present. */
  private static final String[] METADATA_HEADERS = {
    "apim-request-id",
    "x-request-id",
    "request-id",
    "x-ms-client-request-id",
    "x-ms-region",
    "x-ratelimit-remaining-requests",
    "x-ratelimit-remaining-tokens",
    "anthropic-ratelimit-requests-remaining",
    "azureml-model-session",
    "x-ms-error-code"
  };

  private ResponseHeaders() {}

  /** The first request id present, or null. */
  public static String requestId(Headers headers) {
    for (String name : REQUEST_ID_HEADERS) {
      String v = headers.get(name);
      if (v != null && !v.isBlank()) return clean(v);
    }
    return null;
  }

  /**
   * The allow-listed headers present, by lower-case name, in the server's order. One pass over the
   * headers.
   */
  public static Map<String, String> metadata(Headers headers) {
    Map<String, String> out = new LinkedHashMap<>(8);
    for (int i = 0, n = headers.size(); i < n; i++) {
      String name = ALLOWED.get(headers.name(i));
      if (name == null || out.containsKey(name)) continue;
      String v = headers.value(i);
      if (!v.isBlank()) out.put(name, clean(v));
    }
    return out;
  }

  private static final TreeMap<String, String> ALLOWED =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  static {
    for (String name : METADATA_HEADERS) ALLOWED.put(name, name);
  }

  /** Header values are ids and numbers; cap them so a hostile server cannot bloat logs. */
  private static String clean(String v) {
    String t = v.trim();
    return t.length() > 200 ? t.substring(0, 200) : t;
  }
}
