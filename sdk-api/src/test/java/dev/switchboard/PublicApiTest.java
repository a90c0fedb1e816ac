package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the public surface: no Jackson, Resilience4j or OkHttp type in any public or protected
 * signature outside internal packages, so users can upgrade those libraries freely.
 */
class PublicApiTest {
  private static final List<String> FORBIDDEN =
      List.of("com.fasterxml.", "io.github.resilience4j.", "okhttp3.", "okio.");

  @Test
  void publicSignaturesExposeNoThirdPartyTypes() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : publicApiClasses()) {
      for (Method m : c.getDeclaredMethods()) {
        if (!exposed(m.getModifiers()) || m.isSynthetic()) continue;
        check(leaks, c, m.getName(), m.getGenericReturnType());
        for (Type p : m.getGenericParameterTypes()) check(leaks, c, m.getName(), p);
        for (Type e : m.getGenericExceptionTypes()) check(leaks, c, m.getName(), e);
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (!exposed(k.getModifiers())) continue;
        for (Type p : k.getGenericParameterTypes()) check(leaks, c, "<init>", p);
      }
      for (Field f : c.getDeclaredFields()) {
        if (exposed(f.getModifiers())) check(leaks, c, f.getName(), f.getGenericType());
      }
      if (c.getGenericSuperclass() != null) check(leaks, c, "extends", c.getGenericSuperclass());
      for (Type i : c.getGenericInterfaces()) check(leaks, c, "implements", i);
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theApiHasPublicTypesInEveryPackage() throws Exception {
    assertThat(publicApiClasses())
        .extracting(Class::getPackageName)
        .contains(
            "dev.switchboard",
            "dev.switchboard.chat",
            "dev.switchboard.error",
            "dev.switchboard.spi",
            "dev.switchboard.pipeline",
            "dev.switchboard.config",
            "dev.switchboard.resilience");
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(List<String> leaks, Class<?> owner, String member, Type type) {
    String name = type.getTypeName();
    for (String f : FORBIDDEN) {
      if (name.contains(f)) leaks.add(owner.getName() + "." + member + ": " + name);
    }
  }

  private static List<Class<?>> publicApiClasses()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path root =
        Path.of(ModelClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (!rel.endsWith(".class")
            || rel.contains("/internal/")
            || rel.endsWith("package-info.class")) continue;
        Class<?> c =
            Class.forName(
                rel.substring(0, rel.length() - 6).replace('/', '.'),
                false,
                PublicApiTest.class.getClassLoader());
        if (Modifier.isPublic(c.getModifiers())) out.add(c);
      }
    }
    return out;
  }
}
