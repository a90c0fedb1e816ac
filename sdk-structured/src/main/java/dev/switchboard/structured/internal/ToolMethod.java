package dev.switchboard.structured.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.chat.Tool;
import dev.switchboard.error.StructuredOutputException.Problem;
import dev.switchboard.structured.ToolParam;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One {@link dev.switchboard.structured.Tool}-annotated method of one object: its {@link Tool}
 * description for the model (parameter schemas generated like a typed answer's) and the call that
 * validates the model's arguments, binds them and runs the method. Thread-safe if the method is.
 */
public final class ToolMethod {
  private final Object target;
  private final Method method;
  private final Tool tool;
  private final List<Param> params;
  private final Validation validation;

  /** A parameter as the model sees it. */
  private record Param(String name, JavaType type, boolean required, boolean optionalType) {}

  private ToolMethod(Object target, Method method, Tool tool, List<Param> params, JsonNode schema) {
    this.target = target;
    this.method = method;
    this.tool = tool;
    this.params = params;
    this.validation = new Validation(schema);
  }

  /**
   * The annotated methods of an object, its superclasses' included, by tool name.
   *
   * @throws IllegalArgumentException naming the method when one cannot be a tool
   */
  public static Map<String, ToolMethod> of(Object target) {
    Map<String, ToolMethod> out = new LinkedHashMap<>();
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        dev.switchboard.structured.Tool a = m.getAnnotation(dev.switchboard.structured.Tool.class);
        if (a == null || m.isBridge()) continue;
        ToolMethod t = of(target, m, a);
        if (out.putIfAbsent(t.tool.name(), t) != null) {
          throw new IllegalArgumentException(
              "two @Tool methods of "
                  + target.getClass().getName()
                  + " are named '"
                  + t.tool.name()
                  + "'");
        }
      }
    }
    return out;
  }

  private static ToolMethod of(Object target, Method m, dev.switchboard.structured.Tool a) {
    String where = m.getDeclaringClass().getName() + "." + m.getName();
    if (Modifier.isStatic(m.getModifiers())) {
      throw new IllegalArgumentException(
          "@Tool method " + where + " is static: tools run on the object given");
    }
    String name = a.name().isEmpty() ? m.getName() : a.name();
    if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "@Tool method " + where + ": name '" + name + "' must match [a-zA-Z0-9_-]{1,64}");
    }
    try {
      m.setAccessible(true);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "@Tool method "
              + where
              + " cannot be called ("
              + e.getClass().getSimpleName()
              + "): make it public",
          e);
    }
    ObjectNode schema = Mapper.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    List<String> required = new ArrayList<>();
    List<Param> params = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      ToolParam tp = p.getAnnotation(ToolParam.class);
      String pname = tp != null && !tp.name().isEmpty() ? tp.name() : p.getName();
      if (tp == null || tp.name().isEmpty()) {
        if (!p.isNamePresent()) {
          throw new IllegalArgumentException(
              "@Tool method "
                  + where
                  + ": parameter "
                  + p.getName()
                  + " has no name; compile with -parameters or name it with @ToolParam(name = ...)");
        }
      }
      boolean optionalType = p.getType() == Optional.class;
      boolean isRequired = (tp == null || tp.required()) && !optionalType;
      if (!isRequired && p.getType().isPrimitive()) {
        throw new IllegalArgumentException(
            "@Tool method "
                + where
                + ": optional parameter '"
                + pname
                + "' cannot be a primitive; use its box or Optional");
      }
      java.lang.reflect.Type schemaType =
          optionalType
              ? ((java.lang.reflect.ParameterizedType) p.getParameterizedType())
                  .getActualTypeArguments()[0]
              : p.getParameterizedType();
      ObjectNode ps = Schemas.of(schemaType);
      if (tp != null && !tp.value().isEmpty()) ps.put("description", tp.value());
      if (properties.has(pname)) {
        throw new IllegalArgumentException(
            "@Tool method " + where + ": two parameters are named '" + pname + "'");
      }
      properties.set(pname, ps);
      if (isRequired) required.add(pname);
      params.add(
          new Param(
              pname,
              Mapper.MAPPER.getTypeFactory().constructType(p.getParameterizedType()),
              isRequired,
              optionalType));
    }
    if (!required.isEmpty()) required.forEach(schema.putArray("required")::add);
    schema.put("additionalProperties", false);
    Tool tool = Tool.of(name, a.value(), schema.toString());
    return new ToolMethod(target, m, tool, List.copyOf(params), schema);
  }

  /** The tool as the model sees it. */
  public Tool tool() {
    return tool;
  }

  /** Why a call did not run: told to the model, or thrown when the caller asks. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean ranAndThrew;

    Failure(String message, boolean ranAndThrew, Throwable cause) {
      super(message, cause);
      this.ranAndThrew = ranAndThrew;
    }

    /** True if the method ran and threw (the cause is its exception), false for bad arguments. */
    public boolean ranAndThrew() {
      return ranAndThrew;
    }
  }

  /**
   * Runs the method with the model's arguments.
   *
   * @return the result as text for the model: a {@code String} as it is, nothing as {@code ok},
   *     anything else as JSON
   * @throws Failure when the arguments are invalid (no call made) or the method threw
   */
  public String call(String argumentsJson) throws Failure {
    JsonNode args;
    try {
      args =
          argumentsJson.isBlank()
              ? Mapper.MAPPER.createObjectNode()
              : Mapper.MAPPER.readTree(argumentsJson);
    } catch (JsonProcessingException e) {
      throw new Failure("the arguments are not valid JSON" + Mapper.where(e), false, null);
    }
    List<Problem> problems = validation.problems(args);
    if (!problems.isEmpty()) {
      throw new Failure(
          "invalid arguments: "
              + problems.stream()
                  .map(p -> p.path() + ": " + p.message())
                  .collect(Collectors.joining("; ")),
          false,
          null);
    }
    Object[] values = new Object[params.size()];
    for (int i = 0; i < values.length; i++) {
      Param p = params.get(i);
      JsonNode v = args.get(p.name());
      try {
        values[i] =
            v == null || v.isNull()
                ? (p.optionalType() ? Optional.empty() : null)
                : Mapper.MAPPER.treeToValue(v, p.type());
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new Failure(
            "invalid arguments: $."
                + p.name()
                + ": cannot be read as "
                + p.type().getRawClass().getSimpleName(),
            false,
            null);
      }
    }
    Object result;
    try {
      result = method.invoke(target, values);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Failure(describe(cause), true, cause);
    } catch (IllegalAccessException e) {
      throw new Failure(describe(e), true, e);
    }
    if (method.getReturnType() == void.class || result == null) return "ok";
    if (result instanceof String s) return s;
    try {
      return Mapper.MAPPER.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new Failure(
          "its result (" + result.getClass().getSimpleName() + ") cannot be written as JSON",
          true,
          e);
    }
  }

  /** The exception as the model is told it: its class and message, which the tool chose. */
  private static String describe(Throwable t) {
    return t.getMessage() == null
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
