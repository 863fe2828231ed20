package io.conpool.jmx;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

/**
 * An MXBean whose bean, attribute, operation and parameter descriptions (and parameter names) come
 * from {@link Description} annotations on its management interface, so that JConsole shows them.
 *
 * @param <T> the MXBean interface
 */
public class DescribedMBean<T> extends StandardMBean {

    private final Class<T> managementInterface;

    /**
     * @param implementation the object the attributes and operations call
     * @param managementInterface the MXBean interface, annotated with {@link Description}
     * @throws IllegalArgumentException if the implementation does not implement the interface, or
     *                                  the interface is not a valid MXBean interface
     */
    public DescribedMBean(T implementation, Class<T> managementInterface) {
        super(implementation, managementInterface, true);
        this.managementInterface = managementInterface;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = managementInterface.getAnnotation(Description.class);
        return d != null ? d.value() : super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        String name = info.getName();
        for (String prefix : new String[] {"get", "is"}) {
            Optional<Method> m = method(prefix + name, 0);
            if (m.isPresent() && m.get().isAnnotationPresent(Description.class)) {
                return m.get().getAnnotation(Description.class).value();
            }
        }
        return super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return method(info.getName(), info.getSignature().length)
                .map(m -> m.getAnnotation(Description.class))
                .map(Description::value)
                .orElseGet(() -> super.getDescription(info));
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return parameter(op, sequence).map(Description::name).filter(n -> !n.isEmpty())
                .orElseGet(() -> super.getParameterName(op, param, sequence));
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return parameter(op, sequence).map(Description::value)
                .orElseGet(() -> super.getDescription(op, param, sequence));
    }

    private Optional<Description> parameter(MBeanOperationInfo op, int sequence) {
        return method(op.getName(), op.getSignature().length).flatMap(m -> Arrays
                .stream(m.getParameterAnnotations()[sequence])
                .filter(Description.class::isInstance).map(Description.class::cast).findFirst());
    }

    private Optional<Method> method(String name, int parameterCount) {
        return Arrays.stream(managementInterface.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameterCount)
                .findFirst();
    }
}
