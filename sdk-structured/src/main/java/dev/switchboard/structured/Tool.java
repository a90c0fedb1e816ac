package dev.switchboard.structured;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a tool the model may call. A {@link ToolLoop} given the object calls the method
 * when the model asks for it and sends its result back. Parameters are described with {@link
 * ToolParam}; their JSON schema is generated from their types the same way as a typed answer's. The
 * method may be of any visibility, but not static; it returns a {@code String} (sent as it is), any
 * other value (sent as JSON) or nothing.
 *
 * <pre>{@code
 * class Formulary {
 *   @Tool("Current stock of a drug on the ward")
 *   int stock(@ToolParam("Generic drug name") String drug) { ... }
 * }
 * }</pre>
 *
 * @since 0.3
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {
  /** What the tool does, for the model. */
  String value() default "";

  /** The tool's name ({@code [a-zA-Z0-9_-]{1,64}}); the method's name by default. */
  String name() default "";
}
