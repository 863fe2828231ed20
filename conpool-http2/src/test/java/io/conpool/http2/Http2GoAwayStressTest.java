package io.conpool.http2;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded version of the GOAWAY stress run by hand (the mid-load GOAWAY scenario 200 times with the
 * CPUs busy): both GOAWAY kinds, {@value #ROUNDS} rounds, while two threads of this JVM spin, so that
 * the reader, the callers and the server are descheduled at awkward moments. Each round is about a
 * second; the class stays well under a minute.
 */
@Timeout(60)
class Http2GoAwayStressTest {
    static final int ROUNDS = 6;

    private static final AtomicBoolean STOP = new AtomicBoolean();
    private static final List<Thread> HOGS = new ArrayList<>();

    @BeforeAll
    static void busyCpus() {
        STOP.set(false);
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!STOP.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "cpu-hog-" + i);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            HOGS.add(t);
            t.start();
        }
    }

    @AfterAll
    static void stopHogs() throws InterruptedException {
        STOP.set(true);
        for (Thread t : HOGS) {
            t.join(5_000);
        }
        HOGS.clear();
    }

    @RepeatedTest(ROUNDS)
    void goAwayMidLoadUnderBusyCpusLosesNoRequest(org.junit.jupiter.api.RepetitionInfo round) throws Exception {
        Http2GoAwayTest.loadWithGoAways(Http2GoAwayTest.GOAWAY_KINDS.get(round.getCurrentRepetition() % 2));
    }
}
