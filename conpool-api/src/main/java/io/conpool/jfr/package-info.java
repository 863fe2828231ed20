/**
 * JDK Flight Recorder events of conpool: {@code io.conpool.Acquire}, {@code io.conpool.Connect},
 * {@code io.conpool.ConnectionClosed}, {@code io.conpool.StaleConnection} and
 * {@code io.conpool.LeakSuspected}, in the category "conpool" of JDK Mission Control.
 *
 * <p>Every event is off by default ({@code @Enabled(false)}): a recording with JDK's
 * {@code default} or {@code profile} settings records none of them. Enable them with the
 * {@code conpool.jfc} settings shipped in {@code deploy/jfr/}
 * ({@code jcmd <pid> JFR.start settings=default,/path/to/conpool.jfc}) or one by one
 * ({@code RecordingStream.enable("io.conpool.Acquire")}). Every pool records them by itself while
 * such a recording runs; with no recording the pool does no work for them. On a runtime image
 * without the {@code jdk.jfr} module the pool works and records nothing.
 *
 * <p>The events carry their times as fields (such as {@code waitTime}), not as the event's
 * duration, as the pool reports them after the fact; the thresholds are the settings
 * {@code minWait} ({@code Acquire}) and {@code minDuration} ({@code Connect}), in the JFR time
 * syntax ({@code 20 ms}). Failed acquires and failed connects are recorded whatever the threshold.
 */
package io.conpool.jfr;
