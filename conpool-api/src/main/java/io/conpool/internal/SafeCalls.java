package io.conpool.internal;

import io.conpool.Endpoint;
import java.util.function.Consumer;

/** Runs user hooks and handler callbacks so that a throwing one is logged and never breaks the pool. */
final class SafeCalls {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private SafeCalls() {
    }

    static void hook(String name, Consumer<? super Endpoint> hook, Endpoint endpoint) {
        try {
            hook.accept(endpoint);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "conpool: hook " + name + " threw for " + endpoint + "; ignored", e);
        }
    }

    static void run(String what, Endpoint endpoint, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: " + what + " threw for " + endpoint + "; ignored", e);
        }
    }
}
