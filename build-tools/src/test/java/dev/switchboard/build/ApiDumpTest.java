package dev.switchboard.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiDumpTest {
  /** The fixture types in dev.switchboard.build.fixture, compiled with this test. */
  private static final Path CLASSES = Path.of("target/test-classes");

  private static final String FIXTURE_API =
      String.join(
          "\n",
          "public abstract class dev.switchboard.build.fixture.Box<T extends java.lang.Comparable<? super T>> {",
          "  public static final java.lang.String NAME",
          "  protected Box()",
          "  public static <E> E first(E, E...)",
          "  public abstract <R> R map(java.util.function.Function<? super T, ? extends R>) throws java.io.IOException",
          "  @Deprecated public void old()",
          "}",
          "",
          "public static final class dev.switchboard.build.fixture.Box$Builder {",
          "  public Builder()",
          "}",
          "",
          "protected interface dev.switchboard.build.fixture.Box$Hook {",
          "}",
          "",
          "public record dev.switchboard.build.fixture.Circle(double radius)"
              + " implements dev.switchboard.build.fixture.Shape {",
          "  public Circle(double)",
          "  public double area()",
          "  public final boolean equals(java.lang.Object)",
          "  public final int hashCode()",
          "  public double radius()",
          "  public final java.lang.String toString()",
          "}",
          "",
          "public enum dev.switchboard.build.fixture.Color {",
          "  enum constant RED",
          "  enum constant GREEN",
          "  enum constant BLUE",
          "  public static dev.switchboard.build.fixture.Color valueOf(java.lang.String)",
          "  public static dev.switchboard.build.fixture.Color[] values()",
          "}",
          "",
          "public sealed interface dev.switchboard.build.fixture.Shape"
              + " permits dev.switchboard.build.fixture.Circle, dev.switchboard.build.fixture.Square {",
          "  public double area()",
          "  public default boolean empty()",
          "}",
          "",
          "public final class dev.switchboard.build.fixture.Square implements dev.switchboard.build.fixture.Shape {",
          "  public final double side",
          "  public Square(double)",
          "  public double area()",
          "}",
          "",
          "");

  @Nested
  class Dump {
    @Test
    void writesKindsModifiersSupertypesGenericsAndMembersOfPublicTypes() throws IOException {
      assertThat(dump()).isEqualTo(FIXTURE_API);
    }

    @Test
    void leavesOutInternalPackagesAndTypesAndMembersThatAreNotPublicOrProtected()
        throws IOException {
      assertThat(dump())
          .doesNotContain(
              "Machinery", "Hidden", "hiddenPackagePrivate", "hiddenPrivate", "ApiDumpTest");
    }
  }

  @Nested
  class Check {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void passesWhenTheApiMatchesTheBaseline() throws IOException {
      Path api = dir.resolve("fixture.api");
      Files.writeString(api, FIXTURE_API);
      assertThat(run(api, false)).isZero();
      assertThat(text(out)).contains("public API matches fixture.api");
    }

    @Test
    void failsWithADiffAndTheCommandThatAcceptsTheChange() throws IOException {
      Path api = dir.resolve("fixture.api");
      Files.writeString(
          api,
          FIXTURE_API
              .replace("  public double radius()\n", "")
              .replace("  enum constant BLUE\n", "  enum constant BLUE\n  enum constant CYAN\n"));
      assertThat(run(api, false)).isEqualTo(1);
      assertThat(text(err))
          .contains("The public API of switchboard-fixture differs from its baseline")
          .contains("--- fixture.api (baseline)\n+++ fixture.api (this build)\n")
          .contains("\n+  public double radius()\n")
          .contains("\n-  enum constant CYAN\n")
          .contains("mvn -B verify -DskipTests -Dapi.update=true -pl :switchboard-fixture -am");
    }

    @Test
    void failsWhenThereIsNoBaselineAndSaysHowToCreateIt() throws IOException {
      assertThat(run(dir.resolve("missing.api"), false)).isEqualTo(1);
      assertThat(text(err)).contains("has no API baseline").contains("-Dapi.update=true");
    }

    @Test
    void updateWritesTheBaseline() throws IOException {
      Path api = dir.resolve("api/fixture.api");
      assertThat(run(api, true)).isZero();
      assertThat(Files.readString(api)).isEqualTo(FIXTURE_API);
    }

    private int run(Path api, boolean update) throws IOException {
      String[] args = {
        "--classes",
        CLASSES.toString(),
        "--api",
        api.toString(),
        "--module",
        "switchboard-fixture",
        "--update",
        String.valueOf(update)
      };
      return ApiDump.run(
          args,
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
    }
  }

  @Nested
  class UnifiedDiff {
    @Test
    void showsEachChangeWithThreeLinesOfContextAndLineNumbers() {
      List<String> a =
          IntStream.rangeClosed(1, 20).mapToObj(String::valueOf).collect(Collectors.toList());
      List<String> b = new ArrayList<>(a);
      b.set(4, "five");
      b.add("21");
      assertThat(ApiDump.unifiedDiff(a, b, "x.api"))
          .isEqualTo(
              String.join(
                  "\n",
                  "--- x.api (baseline)",
                  "+++ x.api (this build)",
                  "@@ -2,7 +2,7 @@",
                  " 2",
                  " 3",
                  " 4",
                  "-5",
                  "+five",
                  " 6",
                  " 7",
                  " 8",
                  "@@ -18,3 +18,4 @@",
                  " 18",
                  " 19",
                  " 20",
                  "+21",
                  ""));
    }

    @Test
    void joinsChangesCloserThanTwoContextsIntoOneHunk() {
      List<String> a = List.of("1", "2", "3", "4", "5", "6", "7", "8");
      List<String> b = List.of("1", "two", "3", "4", "5", "6", "seven", "8");
      assertThat(ApiDump.unifiedDiff(a, b, "x.api")).contains("@@ -1,8 +1,8 @@\n 1\n-2\n+two\n");
    }

    @Test
    void isEmptyForEqualLines() {
      assertThat(ApiDump.unifiedDiff(List.of("a", "b"), List.of("a", "b"), "x.api")).isEmpty();
    }
  }

  private static String dump() throws IOException {
    return ApiDump.dump(CLASSES, ApiDumpTest.class.getClassLoader());
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
