package io.conpool.bench.jmh;

import io.conpool.Endpoint;
import io.conpool.bench.net.LoopbackServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A number of plain loopback servers, one per endpoint, started and stopped together. */
final class ServerGroup implements AutoCloseable {
    private final List<LoopbackServer> servers = new ArrayList<>();

    ServerGroup(int count) throws IOException {
        try {
            for (int i = 0; i < count; i++) {
                servers.add(LoopbackServer.plain());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>(servers.size());
        for (LoopbackServer s : servers) {
            out.add(Endpoint.plain(s.host(), s.port()));
        }
        return out;
    }

    long acceptedCount() {
        long n = 0;
        for (LoopbackServer s : servers) {
            n += s.acceptedCount();
        }
        return n;
    }

    @Override
    public void close() {
        for (LoopbackServer s : servers) {
            s.close();
        }
    }
}
