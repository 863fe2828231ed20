package io.conpool.jmx;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text JConsole and VisualVM show for an MBean attribute (put it on the getter), an operation,
 * or an operation parameter (where {@link #name()} also names the parameter). Read by
 * {@link DescribedMBean}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface Description {

    /** @return the description */
    String value();

    /** @return for a parameter: its name (class files do not keep interface parameter names) */
    String name() default "";
}
