package io.conpool.http2;

/**
 * What the server said in its GOAWAY frames, as one immutable value: the connection publishes it with
 * a single atomic reference write, so a reader never sees the last-stream-id of one frame with the
 * error code of another.
 *
 * @param lastStreamId the lowest last-stream-id of the GOAWAY frames received so far (streams above
 *                     it were not processed)
 * @param errorCode    the error code of the latest GOAWAY
 * @param debug        the debug text of the latest GOAWAY, possibly empty
 */
record GoAway(int lastStreamId, int errorCode, String debug) {

    /**
     * @param next a GOAWAY frame received after this one
     * @return the state after it: the last-stream-id never grows (a graceful server first sends
     *         2^31-1, then the real one), the error code and debug text are the newest
     */
    GoAway then(GoAway next) {
        return new GoAway(Math.min(lastStreamId, next.lastStreamId), next.errorCode, next.debug);
    }
}
