package io.conpool.jmx;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.Subject;

/**
 * The log line of every accepted JMX change (attribute write or operation), once, at INFO on logger
 * {@code io.conpool}: who (the principals of the caller's {@link Subject}, or the server's current
 * security identity, when the server says), the thread (which names the remote client's address for
 * RMI connections), what, and the old and new value. Secrets never reach it: no secret is writable.
 */
final class JmxAudit {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private JmxAudit() {
    }

    /** The refusal of a change to a bean published read-only. */
    static UnsupportedOperationException readOnly(String poolName, String what) {
        return new UnsupportedOperationException("conpool pool '" + poolName + "' is published read-only in JMX"
                + " (resource adapter property jmxReadOnly=true): " + what + " refused. Change the setting in the"
                + " server's configuration instead, or set jmxReadOnly=false");
    }

    static void changed(String target, String attribute, String oldValue, String newValue) {
        LOG.log(System.Logger.Level.INFO, "conpool: JMX write by " + caller() + ": " + target + " " + attribute
                + " changed from " + oldValue + " to " + newValue + " (running pool only, not the server's configuration)");
    }

    static void invoked(String target, String operation, String result) {
        LOG.log(System.Logger.Level.INFO, "conpool: JMX operation by " + caller() + ": " + target + " " + operation
                + (result.isEmpty() ? "" : ": " + result));
    }

    /** @return who is calling, as far as the JVM or the server says, and on which thread */
    static String caller() {
        Set<String> names = new TreeSet<>();
        Subject subject = currentSubject();
        if (subject != null) {
            for (Principal p : subject.getPrincipals()) {
                names.add(p.getName());
            }
        }
        String elytron = elytronIdentity();
        if (elytron != null) {
            names.add(elytron);
        }
        String thread = " [thread '" + Thread.currentThread().getName() + "']";
        return (names.isEmpty() ? "a caller the server did not name" : String.join("+", names)) + thread;
    }

    private static Subject currentSubject() {
        try { // Java 18+: Subject.current(); before: Subject.getSubject(AccessController.getContext())
            Method current = Subject.class.getMethod("current");
            return (Subject) current.invoke(null);
        } catch (NoSuchMethodException e) {
            try {
                Class<?> ac = Class.forName("java.security.AccessController");
                Object context = ac.getMethod("getContext").invoke(null);
                Method get = Subject.class.getMethod("getSubject", Class.forName("java.security.AccessControlContext"));
                return (Subject) get.invoke(null, context);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                return null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** WildFly: the Elytron identity of the management call, if that API is visible from here. */
    private static String elytronIdentity() {
        for (ClassLoader cl : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                JmxAudit.class.getClassLoader()}) {
            try {
                Class<?> domain = Class.forName("org.wildfly.security.auth.server.SecurityDomain", false, cl);
                Object current = domain.getMethod("getCurrent").invoke(null);
                if (current == null) {
                    continue;
                }
                Object identity = domain.getMethod("getCurrentSecurityIdentity").invoke(current);
                Object principal = identity.getClass().getMethod("getPrincipal").invoke(identity);
                String name = principal == null ? null : ((Principal) principal).getName();
                if (name != null && !name.equals("anonymous")) {
                    return name;
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
                // not WildFly, or not visible: the Subject is all we have
            }
        }
        return null;
    }
}
