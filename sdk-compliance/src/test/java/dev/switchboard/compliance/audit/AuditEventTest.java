package dev.switchboard.compliance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  @Test
  void aValueThatIsNotJsonIsNamedByItsPath() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("ok", 1);
    inner.put("when", new Object());
    assertThatThrownBy(() -> new AuditEvent("t", Map.of("outer", Map.of("inner", inner))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AuditEvent.fields.outer.inner.when: must be a JSON value, not Object");
    List<Object> withNull = new ArrayList<>();
    withNull.add("a");
    withNull.add(null);
    assertThatThrownBy(() -> new AuditEvent("t", Map.of("list", withNull)))
        .hasMessage("AuditEvent.fields.list: must be a JSON value, not null (in a list)");
  }

  @Test
  void fieldsAreCopiedDeeplyAndCannotChange() {
    List<Object> ids = new ArrayList<>(List.of("r1", "r2"));
    Map<String, Object> nested = new LinkedHashMap<>(Map.of("n", 2));
    AuditEvent e = new AuditEvent("t", Map.of("ids", ids, "nested", nested, "flag", true));
    ids.add("r3");
    nested.put("m", 3);
    assertThat(e.fields().get("ids")).isEqualTo(List.of("r1", "r2"));
    assertThat(e.fields().get("nested")).isEqualTo(Map.of("n", 2));
    assertThatThrownBy(() -> ((List<?>) e.fields().get("ids")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
