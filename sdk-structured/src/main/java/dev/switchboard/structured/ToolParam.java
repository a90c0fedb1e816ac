package dev.switchboard.structured;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a {@link Tool} method. Without a name here, the parameter's own name is
 * used, which needs the code compiled with {@code -parameters} (else the tool is refused, naming
 * the parameter). A parameter is required unless this says otherwise or its type is an {@code
 * Optional}.
 *
 * @since 0.3
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ToolParam {
  /** What the parameter means, for the model. */
  String value() default "";

  /** The argument's name in the model's call; the parameter's name by default. */
  String name() default "";

  /** Whether the model must give this argument; a missing optional one is passed as null. */
  boolean required() default true;
}
