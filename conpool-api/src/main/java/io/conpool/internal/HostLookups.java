package io.conpool.internal;

import io.conpool.AcquireInterruptedException;
import io.conpool.DnsResolutionException;
import io.conpool.Endpoint;
import io.conpool.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Name lookups bounded in time. A JDK lookup cannot be interrupted, so it runs on a small bounded
 * executor and the caller waits at most {@code connectTimeout} for it. Callers that need the same
 * name at the same time share one lookup; a lookup that finishes after its callers gave up is used
 * by the next caller (within {@link #REUSE_WINDOW}) instead of being wasted or started again. When
 * the executor is full the caller fails at once. IP literals with the system resolver need no
 * lookup and skip all this.
 */
final class HostLookups {
    /** Threads doing lookups at once, per pool. */
    static final int THREADS = 4;
    /** Lookups queued beyond the running ones before callers are refused. */
    static final int QUEUE = 64;
    /** How long a finished lookup nobody collected may serve the next caller (the JVM's own DNS cache keeps 30 s). */
    static final long REUSE_WINDOW = TimeUnit.SECONDS.toNanos(30);

    private record Key(HostResolver resolver, String host) {
    }

    /** One lookup: its result, and when it finished. */
    private static final class Lookup {
        final CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        volatile long finishedAt;
    }

    private final ConcurrentHashMap<Key, Lookup> lookups = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    /** @param poolName names the lookup threads */
    HostLookups(String poolName) {
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "conpool-dns-" + poolName);
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * @param endpoint whose host to resolve
     * @param resolver the configured resolver
     * @param timeout  how long to wait for the answer
     * @return the addresses to try, in order, never empty and without nulls
     * @throws DnsResolutionException if the name does not resolve, the lookup takes longer than
     *                                {@code timeout}, or too many lookups are already running
     * @throws AcquireInterruptedException if the caller is interrupted while waiting
     */
    List<InetAddress> resolve(Endpoint endpoint, HostResolver resolver, Duration timeout)
            throws DnsResolutionException, AcquireInterruptedException {
        String host = endpoint.host();
        if (resolver == HostResolver.SYSTEM && endpoint.isIpLiteral()) {
            try {
                return List.of(InetAddress.getByName(host)); // a literal: parsed, no DNS
            } catch (UnknownHostException e) {
                throw new DnsResolutionException(host, e);
            }
        }
        Key key = new Key(resolver, host);
        Lookup lookup = lookupFor(key);
        try {
            List<InetAddress> addresses = lookup.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            lookups.remove(key, lookup); // collected: the next caller looks the name up again
            return addresses;
        } catch (TimeoutException e) {
            throw new DnsResolutionException(host, "the lookup did not finish within connectTimeout ("
                    + timeout.toMillis() + " ms); check the DNS server or the resolver, or raise connectTimeout."
                    + " The lookup goes on, and its answer serves the next caller", null);
        } catch (ExecutionException e) {
            lookups.remove(key, lookup);
            Throwable cause = e.getCause();
            if (cause instanceof DnsResolutionException) {
                throw (DnsResolutionException) cause;
            }
            throw new DnsResolutionException(host, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcquireInterruptedException(endpoint);
        }
    }

    /** The lookup in flight for {@code key}, a recent unclaimed answer, or a new lookup. */
    private Lookup lookupFor(Key key) throws DnsResolutionException {
        for (;;) {
            Lookup existing = lookups.get(key);
            if (existing != null) {
                if (!existing.result.isDone() || System.nanoTime() - existing.finishedAt < REUSE_WINDOW) {
                    return existing;
                }
                lookups.remove(key, existing); // an old answer: look again
                continue;
            }
            Lookup fresh = new Lookup();
            if (lookups.putIfAbsent(key, fresh) != null) {
                continue;
            }
            try {
                executor.execute(() -> run(key, fresh));
            } catch (RejectedExecutionException e) {
                lookups.remove(key, fresh);
                throw new DnsResolutionException(key.host(), executor.isShutdown() ? "the pool is closed"
                        : THREADS + " lookups are running and " + QUEUE + " more are queued (the DNS server is slow or"
                        + " unreachable); failing at once instead of queueing more", null);
            }
            return fresh;
        }
    }

    private static void run(Key key, Lookup lookup) {
        try {
            List<InetAddress> addresses = key.resolver().resolve(key.host());
            if (addresses == null || addresses.isEmpty()) {
                throw new DnsResolutionException(key.host(), "the resolver returned no address", null);
            }
            for (InetAddress a : addresses) {
                if (a == null) {
                    throw new DnsResolutionException(key.host(), "the resolver returned a list containing null; a "
                            + "HostResolver must return only addresses", null);
                }
            }
            lookup.finishedAt = System.nanoTime();
            lookup.result.complete(List.copyOf(addresses));
        } catch (Throwable t) {
            lookup.finishedAt = System.nanoTime();
            lookup.result.completeExceptionally(t);
        }
    }

    /** Stops the lookup threads (a JDK lookup under way finishes first, then its thread ends). */
    void close() {
        executor.shutdownNow();
        lookups.clear();
    }
}
