package io.conpool.deploy.it;

import java.io.IOException;
import java.util.Map;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/** Management operations of the tests: resource adapter activations and connection definitions. */
final class ServerConfig {
    private ServerConfig() {
    }

    static ModelNode raAddress(String ra) {
        return Operations.createAddress("subsystem", "resource-adapters", "resource-adapter", ra);
    }

    /**
     * Builds (not runs) one composite operation that activates {@code conpool.rar} as {@code ra} with
     * one connection definition {@code name} bound at {@code java:/conpool/<name>}.
     */
    static ModelNode activation(String ra, String name, Map<String, String> properties) {
        Operations.CompositeOperationBuilder b = Operations.CompositeOperationBuilder.create();
        ModelNode addRa = Operations.createAddOperation(raAddress(ra));
        addRa.get("archive").set("conpool.rar");
        addRa.get("transaction-support").set("NoTransaction");
        b.addStep(addRa);
        ModelNode cdAddress = raAddress(ra).clone().add("connection-definitions", name);
        ModelNode addCd = Operations.createAddOperation(cdAddress);
        addCd.get("class-name").set("io.conpool.rar.ConpoolManagedConnectionFactory");
        addCd.get("jndi-name").set("java:/conpool/" + name);
        addCd.get("min-pool-size").set(0);
        addCd.get("initial-pool-size").set(0);
        addCd.get("max-pool-size").set(200);
        addCd.get("pool-prefill").set(false);
        addCd.get("sharable").set(false);
        b.addStep(addCd);
        properties.forEach((k, v) -> {
            ModelNode p = Operations.createAddOperation(cdAddress.clone().add("config-properties", k));
            p.get("value").set(v);
            b.addStep(p);
        });
        return b.build().getOperation();
    }

    static ModelNode execute(ModelControllerClient client, ModelNode op) throws IOException {
        return client.execute(op);
    }

    static void executeOrFail(ModelControllerClient client, ModelNode op) throws IOException {
        ModelNode result = client.execute(op);
        if (!Operations.isSuccessfulOutcome(result)) {
            throw new IllegalStateException("management operation failed: " + Operations.getFailureDescription(result)
                    + "\noperation: " + op);
        }
    }

    /** Removes a resource adapter activation (restarting its services if needed). */
    static void removeRa(ModelControllerClient client, String ra) throws IOException {
        ModelNode op = Operations.createRemoveOperation(raAddress(ra));
        op.get("operation-headers").get("allow-resource-service-restart").set(true);
        client.execute(op);
    }
}
