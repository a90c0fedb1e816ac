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

  @Test
  void immutableCollectionsOfPlainValuesAreKeptAndOthersCopied() {
    List<Object> fixed = List.of("a", 1, List.of(true), Map.of("k", 2.5));
    Map<String, Object> fixedMap = Map.of("n", 1, "s", "x");
    List<Object> mutable = new ArrayList<>(List.of("a"));
    List<Object> fixedWithMutable = List.of(mutable);
    AuditEvent e =
        new AuditEvent(
            "t",
            Map.of(
                "fixed",
                fixed,
                "map",
                fixedMap,
                "mixed",
                fixedWithMutable,
                "set",
                java.util.Set.of("z")));
    assertThat(e.fields().get("fixed")).isSameAs(fixed);
    assertThat(e.fields().get("map")).isSameAs(fixedMap);
    assertThat(e.fields().get("mixed"))
        .isNotSameAs(fixedWithMutable)
        .isEqualTo(List.of(List.of("a")));
    mutable.add("b");
    assertThat(e.fields().get("mixed")).isEqualTo(List.of(List.of("a")));
    assertThat(e.fields().get("set")).isEqualTo(List.of("z"));
    assertThatThrownBy(() -> new AuditEvent("t", Map.of("bad", List.of(new Object()))))
        .hasMessage("AuditEvent.fields.bad: must be a JSON value, not Object");
  }
}
