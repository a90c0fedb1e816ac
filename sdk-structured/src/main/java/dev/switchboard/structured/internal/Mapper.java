package dev.switchboard.structured.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/** The one Jackson mapper of this module, and how its failures are described without values. */
final class Mapper {
  /**
   * Reads answers and tool arguments, writes tool results. Unknown properties fail: the schema
   * forbids them too, so a model that adds one gets told rather than silently losing data.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Mapper() {}

  /** The JSON path a binding failure points at, such as {@code $.items[2].dose}. */
  static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder("$");
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) b.append('.').append(r.getFieldName());
      else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
    }
    return b.toString();
  }

  /**
   * Where JSON text stopped parsing, without the parser's message, which quotes the offending token
   * (answer text).
   */
  static String where(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    return l == null ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
  }
}
