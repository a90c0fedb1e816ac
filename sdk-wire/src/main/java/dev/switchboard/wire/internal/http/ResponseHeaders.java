package dev.switchboard.wire.internal.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /**
   * The allow-listed names, indexed by length: a header's name is looked up by its length first, so
   * the headers every response has (date, content type and length, server) cost one array read. A
   * case-insensitive tree map cost a response about half a microsecond at 64 threads
   * (docs/performance.md, *Fourteenth pass*).
   */
  private static final int[][] METADATA_BY_LENGTH = byLength(METADATA_HEADERS);

  private static final int[][] REQUEST_ID_BY_LENGTH = byLength(REQUEST_ID_HEADERS);

  private ResponseHeaders() {}

  /**
   * The first request id present, in {@link #REQUEST_ID_HEADERS}' order, or null; of a header sent
   * twice, its last value, as {@link Headers#get} gives it. One pass over the headers.
   */
  public static String requestId(Headers headers) {
    String[] last = null;
    for (int i = 0, n = headers.size(); i < n; i++) {
      int rank = indexOf(REQUEST_ID_HEADERS, REQUEST_ID_BY_LENGTH, headers.name(i));
      if (rank < 0) continue;
      if (last == null) last = new String[REQUEST_ID_HEADERS.length];
      last[rank] = headers.value(i);
    }
    if (last == null) return null;
    for (String v : last) {
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
      int listed = indexOf(METADATA_HEADERS, METADATA_BY_LENGTH, headers.name(i));
      if (listed < 0) continue;
      String name = METADATA_HEADERS[listed];
      if (out.containsKey(name)) continue;
      String v = headers.value(i);
      if (!v.isBlank()) out.put(name, clean(v));
    }
    return out;
  }

  /**
   * Where {@code name} (in any case) is in {@code names}, or -1; {@code byLength} is {@code names}'
   * {@link #byLength} index.
   */
  private static int indexOf(String[] names, int[][] byLength, String name) {
    int length = name.length();
    if (length >= byLength.length || byLength[length] == null) return -1;
    for (int i : byLength[length]) {
      if (names[i].equalsIgnoreCase(name)) return i;
    }
    return -1;
  }

  /** For each name length, the indexes of the names of that length (null for none). */
  private static int[][] byLength(String[] names) {
    int longest = 0;
    for (String name : names) longest = Math.max(longest, name.length());
    int[][] out = new int[longest + 1][];
    for (int i = 0; i < names.length; i++) {
      int[] was = out[names[i].length()];
      int[] now = was == null ? new int[1] : Arrays.copyOf(was, was.length + 1);
      now[now.length - 1] = i;
      out[names[i].length()] = now;
    }
    return out;
  }

  /** Header values are ids and numbers; cap them so a hostile server cannot bloat logs. */
  private static String clean(String v) {
    String t = v.trim();
    return t.length() > 200 ? t.substring(0, 200) : t;
  }
}
