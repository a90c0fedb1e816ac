package dev.switchboard.compliance.internal.audit;

import java.util.List;
import java.util.Map;

/**
 * Recognizes the JDK's own immutable lists and maps ({@code List.of}, {@code Map.of}, their {@code
 * copyOf}, {@code Stream.toList} and the sublists of those), which an audit record may keep as they
 * are instead of copying them: nobody can change them afterwards.
 *
 * <p>By class identity, where a check of the class name's prefix compared some thirty characters
 * for every list of every record (about 1 % of a hospital call's CPU). A JDK that added another
 * such class would see its lists copied, as any other list is: slower, never wrong.
 */
public final class JdkImmutables {
  private static final Class<?> LIST_12 = List.of(1).getClass();
  private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
  private static final Class<?> SUB_LIST = List.of(1, 2, 3).subList(0, 2).getClass();
  private static final Class<?> MAP_1 = Map.of("k", 1).getClass();
  private static final Class<?> MAP_N = Map.of("k", 1, "l", 2).getClass();

  private JdkImmutables() {}

  /** True for a list no one can change: one of the JDK's immutable lists. */
  public static boolean isList(Object v) {
    Class<?> c = v.getClass();
    return c == LIST_12 || c == LIST_N || c == SUB_LIST;
  }

  /** True for one of the JDK's immutable lists or maps. */
  public static boolean isListOrMap(Object v) {
    if (isList(v)) return true;
    Class<?> c = v.getClass();
    return c == MAP_1 || c == MAP_N;
  }
}
