package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every way the JDK hands out an immutable list or map is recognized; nothing changeable is. */
class JdkImmutablesTest {
  @Test
  void everyImmutableListOfTheJdkIsRecognized() {
    List<List<?>> immutable =
        List.of(
            List.of(),
            List.of("a"),
            List.of("a", "b"),
            List.of("a", "b", "c", "d"),
            List.copyOf(new ArrayList<>(List.of("a", "b", "c"))),
            Stream.of("a", "b", "c").toList(),
            Stream.of().toList(),
            List.of("a", "b", "c").subList(1, 3),
            List.of("a", "b").subList(0, 1));
    for (List<?> l : immutable) {
      assertThat(JdkImmutables.isList(l)).as(l.getClass().getName()).isTrue();
      assertThat(JdkImmutables.isListOrMap(l)).as(l.getClass().getName()).isTrue();
    }
  }

  @Test
  void everyImmutableMapOfTheJdkIsRecognizedAndNoSet() {
    for (Map<?, ?> m :
        List.of(Map.of(), Map.of("a", 1), Map.of("a", 1, "b", 2), Map.copyOf(new HashMap<>()))) {
      assertThat(JdkImmutables.isListOrMap(m)).as(m.getClass().getName()).isTrue();
      assertThat(JdkImmutables.isList(m)).isFalse();
    }
    assertThat(JdkImmutables.isListOrMap(Set.of("a"))).isFalse();
    assertThat(JdkImmutables.isListOrMap(Set.of("a", "b", "c"))).isFalse();
  }

  @Test
  void aListOrMapSomeoneCouldStillChangeIsNot() {
    List<String> backing = new ArrayList<>(List.of("a"));
    for (Object changeable :
        List.of(
            backing,
            Collections.unmodifiableList(backing), // a view: its backing list can change
            Arrays.asList("a", "b"),
            new HashMap<>(Map.of("a", 1)),
            Collections.unmodifiableMap(new HashMap<>()),
            backing.subList(0, 1))) {
      assertThat(JdkImmutables.isListOrMap(changeable))
          .as(changeable.getClass().getName())
          .isFalse();
    }
  }
}
