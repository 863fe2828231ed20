package io.conpool.rar;

import io.conpool.PoolConfig;
import io.conpool.Settings;
import jakarta.resource.ResourceException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a connection definition's config-properties with the resource adapter's own rules, without
 * a server and without creating anything, for deployment scripts:
 * {@code java -cp 'dir-with-the-rar-jars/*' io.conpool.rar.CheckDefinition host=h port=7000 maxIdleTime=30s}.
 * Prints {@code ok} and exits 0, or prints the message (naming the property, the value and what is
 * allowed) to standard error and exits 2. Payara's {@code conpool.sh add} runs it before it creates
 * a pool.
 */
public final class CheckDefinition {

    private CheckDefinition() {
    }

    /**
     * @param args {@code property=value} pairs, as on the connection definition
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args {@code property=value} pairs
     * @param out  where {@code ok} goes
     * @param err  where a problem goes
     * @return 0 when the definition is valid, 2 otherwise
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        ConpoolManagedConnectionFactory f = new ConpoolManagedConnectionFactory();
        Map<String, Method> setters = setters();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                err.println("conpool: '" + arg + "' is not PROPERTY=VALUE");
                return 2;
            }
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            Method setter = setters.get(name);
            if (setter == null) {
                String near = Settings.nearest(name, setters.keySet());
                err.println("conpool: '" + arg + "' is not SETTING=VALUE with a known setting"
                        + (near == null ? "" : "; did you mean '" + near + "'?") + " Known settings: " + setters.keySet());
                return 2;
            }
            try {
                setter.invoke(f, convert(name, value, setter.getParameterTypes()[0]));
            } catch (IllegalArgumentException e) {
                err.println("conpool: " + e.getMessage());
                return 2;
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            f.validate(PoolConfig.defaults());
        } catch (ResourceException e) {
            err.println(e.getMessage());
            return 2;
        }
        out.println("ok");
        return 0;
    }

    private static Object convert(String name, String value, Class<?> type) {
        if (type == String.class) {
            return value;
        }
        if (type == Integer.class) {
            try {
                return Integer.valueOf(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("config-property '" + name + "' = '" + value + "' is not a whole number");
            }
        }
        if (type == Boolean.class) {
            if (value.strip().equalsIgnoreCase("true") || value.strip().equalsIgnoreCase("false")) {
                return Boolean.valueOf(value.strip());
            }
            throw new IllegalArgumentException("config-property '" + name + "' = '" + value + "' must be true or false");
        }
        throw new IllegalStateException("no conversion to " + type);
    }

    /** @return config-property name to its setter, for every config-property of a connection definition */
    static Map<String, Method> setters() {
        Map<String, Method> m = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (var field : ConpoolManagedConnectionFactory.class.getDeclaredFields()) {
            if (field.isAnnotationPresent(jakarta.resource.spi.ConfigProperty.class)) {
                names.add(field.getName());
            }
        }
        for (String name : names) {
            String setter = "set" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
            for (Method method : ConpoolManagedConnectionFactory.class.getMethods()) {
                if (method.getName().equals(setter) && method.getParameterCount() == 1) {
                    m.put(name, method);
                }
            }
        }
        return m;
    }
}
