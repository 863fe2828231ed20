package io.conpool.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the {@link io.conpool.ConpoolConnectionFactory} of one configured endpoint:
 * {@code @Inject @PoolEndpoint("orders") ConpoolConnectionFactory orders;} gets the factory for the
 * endpoint defined by the {@code conpool.endpoint.orders.*} properties (see {@link ConpoolProperties}).
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface PoolEndpoint {

    /** @return the endpoint's configured name */
    String value();

    /** An instance of the qualifier, for synthetic beans and programmatic lookup. */
    final class Literal extends AnnotationLiteral<PoolEndpoint> implements PoolEndpoint {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /**
         * @param name the endpoint's configured name
         * @return the qualifier {@code @PoolEndpoint(name)}
         */
        public static Literal of(String name) {
            return new Literal(name);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
