package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One stream's body assembly and its hand-off from the reader thread to the waiting caller. */
@Timeout(30)
class Http2StreamTest {

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static Http2Response receive(Http2Stream s, long contentLength, byte[]... frames) throws Exception {
        s.status = 200;
        s.headers = List.of(Map.entry("content-length", Long.toString(contentLength)));
        s.expectBody(contentLength, 1 << 20);
        for (byte[] f : frames) {
            ByteBuffer inReadBuffer = ByteBuffer.allocate(f.length + 10).position(5);
            inReadBuffer.put(f).flip().position(5);
            s.append(inReadBuffer);
            assertFalse(inReadBuffer.hasRemaining(), "the payload is consumed");
        }
        s.complete();
        return s.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), 0);
    }

    @Test
    void bodiesAreAssembledWithAndWithoutAKnownLength() throws Exception {
        byte[] a = bytes(1000, 1);
        byte[] b = bytes(3000, 2);
        byte[] all = new byte[4000];
        System.arraycopy(a, 0, all, 0, 1000);
        System.arraycopy(b, 0, all, 1000, 3000);
        assertArrayEquals(all, receive(new Http2Stream(1, 0), 4000, a, b).body(), "content-length sized");
        assertArrayEquals(all, receive(new Http2Stream(3, 0), -1, a, b).body(), "unknown length, grown");
        assertArrayEquals(all, receive(new Http2Stream(5, 0), 10, a, b).body(), "a wrong content-length still works");
        assertEquals(0, receive(new Http2Stream(7, 0), -1).body().length, "no DATA at all");
    }

    @Test
    void theFirstOutcomeWinsAndAParkedCallerIsWoken() throws Exception {
        Http2Stream s = new Http2Stream(9, 0);
        CompletableFuture<Http2Response> caller = CompletableFuture.supplyAsync(() -> {
            try {
                return s.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(10), 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50); // the caller is parked by now (or completes at once if not: same result)
        s.status = 204;
        s.complete();
        s.fail(new Http2Exception("too late", -1, false, null));
        assertEquals(204, caller.get(5, TimeUnit.SECONDS).status());
        assertTrue(s.isDone());

        Http2Stream failed = new Http2Stream(11, 0);
        Http2Exception cause = new Http2Exception("reset", 8, false, null);
        failed.fail(cause);
        failed.complete();
        assertSame(cause, assertThrows(Http2Exception.class, () -> failed.await(System.nanoTime(), 100)));
    }

    @Test
    void awaitReturnsNullWhenTheDeadlinePasses() throws Exception {
        Http2Stream s = new Http2Stream(13, 0);
        assertNull(s.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), 10));
        assertFalse(s.isDone());
    }
}
