package dev.switchboard.build;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a module's public API as sorted text and compares it with the baseline checked in as
 * {@code <module>/api/<artifactId>.api}, the way OkHttp guards its surface with {@code .api} files.
 * The API is every public type outside packages named {@code internal}, with its kind, modifiers,
 * type parameters, supertypes, permitted subtypes, record components and enum constants, and its
 * public and protected fields, constructors and methods with generic signatures.
 *
 * <p>Hand-written because the usual tools (japicmp, revapi) compare two released jars, and nothing
 * is released before 1.0. One file with no dependencies: the build runs it with the JDK's source
 * launcher ({@code java ApiDump.java}), so it needs no install and no reactor order.
 *
 * <pre>
 * java -cp CLASSPATH ApiDump.java --classes DIR --api FILE --module ARTIFACT [--update true]
 * </pre>
 *
 * <p>Exit status 0 when the API matches the baseline (or the baseline was rewritten with {@code
 * --update true}), 1 when it differs or the baseline is missing, 2 on a usage error.
 */
public final class ApiDump {
  private static final int CONTEXT = 3;

  private ApiDump() {}

  /**
   * Runs the check.
   *
   * @param args the options described in the class documentation
   * @throws IOException if the classes or the baseline cannot be read, or the baseline written
   */
  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the check and returns the exit status instead of exiting.
   *
   * @param args the options described in the class documentation
   * @param out where progress goes
   * @param err where a difference and the way to accept it go
   * @return 0, 1 or 2 as described in the class documentation
   * @throws IOException if the classes or the baseline cannot be read, or the baseline written
   */
  public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i], args[i + 1]);
    String classes = options.get("--classes");
    String api = options.get("--api");
    String module = options.get("--module");
    if (classes == null || api == null || module == null || args.length % 2 != 0) {
      err.println("usage: ApiDump --classes DIR --api FILE --module ARTIFACT [--update true]");
      return 2;
    }
    boolean update = Boolean.parseBoolean(options.getOrDefault("--update", "false"));
    Path classesDir = Path.of(classes);
    Path apiFile = Path.of(api);
    if (!Files.isDirectory(classesDir)) {
      out.println("[api] " + module + ": no classes, nothing to check");
      return 0;
    }
    String actual = dump(classesDir, ApiDump.class.getClassLoader());
    if (update) {
      Files.createDirectories(apiFile.toAbsolutePath().getParent());
      Files.writeString(apiFile, actual, StandardCharsets.UTF_8);
      out.println("[api] " + module + ": wrote " + apiFile);
      return 0;
    }
    String accept = "mvn -B verify -DskipTests -Dapi.update=true -pl :" + module + " -am";
    if (!Files.exists(apiFile)) {
      err.println("[api] " + module + " has no API baseline " + apiFile + ".");
      err.println("[api] Create it with: " + accept + " (then commit it)");
      return 1;
    }
    String expected = Files.readString(apiFile, StandardCharsets.UTF_8);
    if (expected.equals(actual)) {
      out.println("[api] " + module + ": public API matches " + apiFile.getFileName());
      return 0;
    }
    err.println(
        "[api] The public API of " + module + " differs from its baseline " + apiFile + ":");
    err.print(unifiedDiff(lines(expected), lines(actual), apiFile.getFileName().toString()));
    err.println("[api] An API change must be deliberate. If this one is, accept it with");
    err.println("[api]   " + accept);
    err.println(
        "[api] (or with -Dapi.update=true on any verify) and commit the .api file with the change.");
    return 1;
  }

  /**
   * The API of the classes under {@code classesDir}, as the text of an {@code .api} file.
   *
   * @param classesDir a directory of compiled classes
   * @param loader a loader that sees those classes and everything their signatures name
   * @return one block per public type, sorted by name
   * @throws IOException if the directory cannot be walked
   */
  public static String dump(Path classesDir, ClassLoader loader) throws IOException {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classesDir)) {
      for (Path file : files.sorted().collect(Collectors.toList())) {
        String rel = classesDir.relativize(file).toString().replace('\\', '/');
        if (!rel.endsWith(".class")
            || rel.endsWith("module-info.class")
            || rel.endsWith("package-info.class")) {
          continue;
        }
        String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
        if (isInternal(name)) continue;
        Class<?> type;
        try {
          type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException("cannot load " + name + " from the class path", e);
        }
        if (isApi(type)) types.add(type);
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    StringBuilder out = new StringBuilder();
    for (Class<?> type : types) {
      out.append(header(type)).append(" {\n");
      for (String member : members(type)) out.append("  ").append(member).append('\n');
      out.append("}\n\n");
    }
    return out.toString();
  }

  private static boolean isInternal(String className) {
    String pkg = className.contains(".") ? className.substring(0, className.lastIndexOf('.')) : "";
    return Arrays.asList(pkg.split("\\.")).contains("internal");
  }

  /** Public top-level types, and public or protected member types of API types. */
  private static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) return false;
    if (!exposed(type.getModifiers())) return false;
    Class<?> outer = type.getDeclaringClass();
    if (outer == null) return Modifier.isPublic(type.getModifiers());
    return isApi(outer);
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(Class<?> type) {
    StringJoiner h = new StringJoiner(" ");
    int m = type.getModifiers();
    if (Modifier.isPublic(m)) h.add("public");
    if (Modifier.isProtected(m)) h.add("protected");
    if (type.getDeclaringClass() != null
        && Modifier.isStatic(m)
        && !type.isInterface()
        && !type.isEnum()
        && !type.isRecord()) {
      h.add("static");
    }
    boolean plainClass = !type.isInterface() && !type.isEnum() && !type.isRecord();
    if (plainClass && Modifier.isAbstract(m)) h.add("abstract");
    if (plainClass && Modifier.isFinal(m)) h.add("final");
    if (type.isSealed()) h.add("sealed");
    else if (isNonSealed(type)) h.add("non-sealed");
    h.add(kind(type));
    StringBuilder s = new StringBuilder(h.toString()).append(' ').append(type.getName());
    s.append(typeParameters(type.getTypeParameters()));
    if (type.isRecord()) {
      StringJoiner components = new StringJoiner(", ", "(", ")");
      for (RecordComponent c : type.getRecordComponents()) {
        components.add(name(c.getGenericType()) + " " + c.getName());
      }
      s.append(components);
    }
    Type superclass = type.getGenericSuperclass();
    if (plainClass && superclass != null && superclass != Object.class) {
      s.append(" extends ").append(name(superclass));
    }
    List<String> interfaces = new ArrayList<>();
    for (Type i : type.getGenericInterfaces()) {
      if (!(type.isAnnotation() && i == java.lang.annotation.Annotation.class))
        interfaces.add(name(i));
    }
    if (!interfaces.isEmpty()) {
      s.append(type.isInterface() ? " extends " : " implements ")
          .append(String.join(", ", interfaces));
    }
    if (type.isSealed()) {
      s.append(" permits ")
          .append(
              Arrays.stream(type.getPermittedSubclasses())
                  .map(Class::getName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  private static boolean isNonSealed(Class<?> type) {
    if (type.isSealed() || Modifier.isFinal(type.getModifiers())) return false;
    if (type.getSuperclass() != null && type.getSuperclass().isSealed()) return true;
    return Arrays.stream(type.getInterfaces()).anyMatch(Class::isSealed);
  }

  private static String kind(Class<?> type) {
    if (type.isAnnotation()) return "@interface";
    if (type.isInterface()) return "interface";
    if (type.isEnum()) return "enum";
    if (type.isRecord()) return "record";
    return "class";
  }

  /**
   * Enum constants in declaration order (their order is API: ordinal, compareTo), then the rest
   * sorted.
   */
  private static List<String> members(Class<?> type) {
    List<String> constants = new ArrayList<>();
    List<String[]> sorted = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (f.isEnumConstant()) {
        constants.add("enum constant " + f.getName());
      } else if (exposed(f.getModifiers()) && !f.isSynthetic()) {
        sorted.add(
            new String[] {
              "1",
              f.getName(),
              deprecated(f.isAnnotationPresent(Deprecated.class))
                  + modifiers(f.getModifiers(), type)
                  + name(f.getGenericType())
                  + " "
                  + f.getName()
            });
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (exposed(c.getModifiers()) && !c.isSynthetic()) {
        sorted.add(new String[] {"2", "", executable(c, type, "", simpleName(type))});
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        sorted.add(
            new String[] {
              "3",
              m.getName(),
              executable(m, type, name(m.getGenericReturnType()) + " ", m.getName())
            });
      }
    }
    sorted.sort(
        Comparator.<String[], String>comparing(r -> r[0])
            .thenComparing(r -> r[1])
            .thenComparing(r -> r[2]));
    List<String> out = new ArrayList<>(constants);
    for (String[] r : sorted) out.add(r[2]);
    return out;
  }

  private static String executable(Executable e, Class<?> owner, String returns, String name) {
    StringBuilder s = new StringBuilder(deprecated(e.isAnnotationPresent(Deprecated.class)));
    s.append(modifiers(e.getModifiers(), owner));
    if (e instanceof Method method && method.isDefault()) s.append("default ");
    String typeParams = typeParameters(e.getTypeParameters());
    if (!typeParams.isEmpty()) s.append(typeParams).append(' ');
    s.append(returns).append(name);
    Type[] params = e.getGenericParameterTypes();
    // Inner-class and enum constructors can report fewer generic than raw parameters; fall back.
    if (params.length != e.getParameterCount()) params = e.getParameterTypes();
    StringJoiner p = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < params.length; i++) {
      String t = name(params[i]);
      if (e.isVarArgs() && i == params.length - 1 && t.endsWith("[]"))
        t = t.substring(0, t.length() - 2) + "...";
      p.add(t);
    }
    s.append(p);
    Type[] thrown = e.getGenericExceptionTypes();
    if (thrown.length > 0) {
      s.append(" throws ")
          .append(Arrays.stream(thrown).map(ApiDump::name).collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  private static String deprecated(boolean deprecated) {
    return deprecated ? "@Deprecated " : "";
  }

  private static String modifiers(int m, Class<?> owner) {
    StringBuilder s = new StringBuilder();
    if (Modifier.isPublic(m)) s.append("public ");
    if (Modifier.isProtected(m)) s.append("protected ");
    if (Modifier.isStatic(m)) s.append("static ");
    if (Modifier.isAbstract(m) && !owner.isInterface()) s.append("abstract ");
    if (Modifier.isFinal(m)) s.append("final ");
    return s.toString();
  }

  private static String typeParameters(TypeVariable<?>[] vars) {
    if (vars.length == 0) return "";
    StringJoiner j = new StringJoiner(", ", "<", ">");
    for (TypeVariable<?> v : vars) {
      List<String> bounds = new ArrayList<>();
      for (Type b : v.getBounds()) if (b != Object.class) bounds.add(name(b));
      j.add(
          bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds));
    }
    return j.toString();
  }

  private static String simpleName(Class<?> type) {
    String n = type.getName();
    return n.substring(Math.max(n.lastIndexOf('.'), n.lastIndexOf('$')) + 1);
  }

  /** A type as source-like text: binary class names, type arguments, wildcards, arrays. */
  static String name(Type t) {
    if (t instanceof Class<?> c) {
      return c.isArray() ? name(c.getComponentType()) + "[]" : c.getName();
    }
    if (t instanceof ParameterizedType p) {
      StringJoiner args = new StringJoiner(", ", "<", ">");
      for (Type a : p.getActualTypeArguments()) args.add(name(a));
      return name(p.getRawType()) + args;
    }
    if (t instanceof GenericArrayType g) return name(g.getGenericComponentType()) + "[]";
    if (t instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) return "? super " + name(w.getLowerBounds()[0]);
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + name(upper[0]);
    }
    if (t instanceof TypeVariable<?> v) return v.getName();
    return t.getTypeName();
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
    return out;
  }

  /** One line of an edit script: ' ' kept, '-' only in the baseline, '+' only in this build. */
  private record Op(char kind, int a, int b) {}

  /**
   * A unified diff (three lines of context) from the baseline to the current API.
   *
   * @param a the baseline's lines
   * @param b the current lines
   * @param file the file name for the header
   * @return the diff, empty when the lines are equal
   */
  static String unifiedDiff(List<String> a, List<String> b, String file) {
    List<Op> ops = editScript(a, b);
    StringBuilder out = new StringBuilder();
    int k = 0;
    while (k < ops.size()) {
      if (ops.get(k).kind() == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      // A hunk runs on while the next change is within two contexts of the last one.
      while (end < ops.size()) {
        if (ops.get(end).kind() != ' ') {
          end++;
          continue;
        }
        int next = end;
        while (next < ops.size() && ops.get(next).kind() == ' ') next++;
        if (next < ops.size() && next - end <= 2 * CONTEXT) {
          end = next;
          continue;
        }
        end = Math.min(ops.size(), end + CONTEXT);
        break;
      }
      if (out.length() == 0) {
        out.append("--- ").append(file).append(" (baseline)\n");
        out.append("+++ ").append(file).append(" (this build)\n");
      }
      int aCount = 0;
      int bCount = 0;
      for (int x = start; x < end; x++) {
        if (ops.get(x).kind() != '+') aCount++;
        if (ops.get(x).kind() != '-') bCount++;
      }
      out.append("@@ -")
          .append(ops.get(start).a() + 1)
          .append(',')
          .append(aCount)
          .append(" +")
          .append(ops.get(start).b() + 1)
          .append(',')
          .append(bCount)
          .append(" @@\n");
      for (int x = start; x < end; x++) {
        Op op = ops.get(x);
        out.append(op.kind()).append(op.kind() == '+' ? b.get(op.b()) : a.get(op.a())).append('\n');
      }
      k = end;
    }
    return out.toString();
  }

  /** A shortest edit script: common prefix and suffix, and a longest common subsequence between. */
  private static List<Op> editScript(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int prefix = 0;
    while (prefix < n && prefix < m && a.get(prefix).equals(b.get(prefix))) prefix++;
    int suffix = 0;
    while (suffix < n - prefix
        && suffix < m - prefix
        && a.get(n - 1 - suffix).equals(b.get(m - 1 - suffix))) {
      suffix++;
    }
    int rows = n - prefix - suffix;
    int cols = m - prefix - suffix;
    int[][] lcs = new int[rows + 1][cols + 1];
    for (int i = rows - 1; i >= 0; i--) {
      for (int j = cols - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(prefix + i).equals(b.get(prefix + j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Op> ops = new ArrayList<>();
    for (int k = 0; k < prefix; k++) ops.add(new Op(' ', k, k));
    int i = 0;
    int j = 0;
    while (i < rows || j < cols) {
      if (i < rows && j < cols && a.get(prefix + i).equals(b.get(prefix + j))) {
        ops.add(new Op(' ', prefix + i++, prefix + j++));
      } else if (i < rows && (j == cols || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new Op('-', prefix + i++, prefix + j));
      } else {
        ops.add(new Op('+', prefix + i, prefix + j++));
      }
    }
    for (int k = 0; k < suffix; k++) ops.add(new Op(' ', n - suffix + k, m - suffix + k));
    return ops;
  }
}
