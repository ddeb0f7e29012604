package io.setuprunner.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object's fields in the order given, which is the order they are written in; values may be null. */
final class JsonFields {
  private JsonFields() {}

  static Map<String, Object> of(Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }
}
