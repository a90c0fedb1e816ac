package dev.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.domain.ThrowsDeclaration;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The public API of every module (public types outside internal packages, and their public and
 * protected members) names no Jackson, OkHttp, Okio, Resilience4j or Kotlin type, so users can
 * upgrade those libraries, or drop them, without us breaking. Generalises sdk-api's {@code
 * PublicApiTest} to all modules.
 */
@AnalyzeClasses(packages = "dev.switchboard", importOptions = Modules.MainCodeOfModules.class)
class PublicSignaturesTest {
  private static final List<String> FORBIDDEN =
      List.of("com.fasterxml.", "okhttp3.", "okio.", "io.github.resilience4j.", "kotlin.");

  /**
   * Exposures that are accepted, as "Type.member: library type". The test kit is test-scope tooling
   * whose purpose is validating JSON, and its users parse JSON with Jackson anyway.
   */
  private static final Set<String> ALLOWED =
      Set.of(
          "dev.switchboard.testkit.spec.SpecValidator.validate: com.fasterxml.jackson.databind.JsonNode");

  private static final DescribedPredicate<JavaClass> API_TYPES =
      DescribedPredicate.describe("are public API types", PublicSignaturesTest::isApi);

  @ArchTest
  static final ArchRule publicSignaturesNameNoLibraryType =
      classes()
          .that(API_TYPES)
          .should(exposeNoLibraryType())
          .because(
              "Jackson, OkHttp, Resilience4j and Kotlin are implementation details: a user must be"
                  + " able to upgrade them independently of us");

  private static boolean isApi(JavaClass c) {
    if (Modules.isInternal(c) || c.isAnonymousClass() || c.isLocalClass()) return false;
    if (!exposed(c.getModifiers())) return false;
    return c.getEnclosingClass()
        .map(PublicSignaturesTest::isApi)
        .orElse(c.getModifiers().contains(JavaModifier.PUBLIC));
  }

  private static boolean exposed(Set<JavaModifier> modifiers) {
    return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
        && !modifiers.contains(JavaModifier.SYNTHETIC)
        && !modifiers.contains(JavaModifier.BRIDGE);
  }

  private static ArchCondition<JavaClass> exposeNoLibraryType() {
    return new ArchCondition<>("expose no Jackson, OkHttp, Okio, Resilience4j or Kotlin type") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        Map<String, String> leaks = new TreeMap<>();
        String type = c.getName();
        String at = c.getSourceCodeLocation().toString();
        c.getSuperclass().ifPresent(t -> leaks(leaks, type + " extends", t, at));
        for (JavaType t : c.getInterfaces()) leaks(leaks, type + " implements", t, at);
        for (JavaTypeVariable<?> v : c.getTypeParameters()) {
          for (JavaType b : v.getUpperBounds()) leaks(leaks, type + "<" + v.getName() + ">", b, at);
        }
        for (JavaField f : c.getFields()) {
          if (exposed(f.getModifiers())) leaks(leaks, member(f), f.getType(), at);
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (!exposed(u.getModifiers())) continue;
          String where = u.getSourceCodeLocation().toString();
          if (u instanceof JavaMethod m) leaks(leaks, member(m), m.getReturnType(), where);
          for (JavaType p : u.getParameterTypes()) leaks(leaks, member(u), p, where);
          for (ThrowsDeclaration<?> t : u.getThrowsClause())
            leaks(leaks, member(u), t.getRawType(), where);
          for (JavaTypeVariable<?> v : u.getTypeParameters()) {
            for (JavaType b : v.getUpperBounds()) leaks(leaks, member(u), b, where);
          }
        }
        leaks.forEach(
            (leak, where) -> {
              if (!ALLOWED.contains(leak))
                events.add(SimpleConditionEvent.violated(c, leak + " in " + where));
            });
      }
    };
  }

  private static String member(JavaMember m) {
    return m.getOwner().getName() + "." + m.getName();
  }

  /**
   * Adds "member: library type" for each forbidden type involved in {@code type}, with its
   * location.
   */
  private static void leaks(
      Map<String, String> out, String member, JavaType type, String location) {
    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
      String name = raw.getName();
      if (FORBIDDEN.stream().anyMatch(name::startsWith))
        out.putIfAbsent(member + ": " + name, location);
    }
  }
}
