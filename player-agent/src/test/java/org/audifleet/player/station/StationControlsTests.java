package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.signal.Detrend;
import org.audifleet.wire.PlaybackControl.Position;
import org.junit.jupiter.api.Test;

class StationControlsTests {

    private static final EngineSettings SETTINGS = EngineSettings.defaults(100.0);
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final FakeTransport transport = new FakeTransport();
    private final AtomicInteger stops = new AtomicInteger();
    private final StationControls controls = new StationControls(transport, new SessionClock(START, 100.0, 441),
            Duration.ofSeconds(10), stops::incrementAndGet);

    @Test
    void seeksMoveByTheStepInsideWhatIsBuffered() {
        transport.available = 2_000_000; // 5h33m of data
        transport.position = 500_000;
        assertThat(controls.press(Key.SEEK_FORWARD)).isEqualTo("seek 02:36:50");
        assertThat(transport.calls).containsExactly("seek 941000");
        assertThat(controls.press(Key.SEEK_BACK)).isEqualTo("seek 01:23:20");
        assertThat(controls.press(Key.SEEK_BACK)).isEqualTo("seek 00:09:50");
        assertThat(controls.press(Key.SEEK_BACK)).isEqualTo("seek 00:00:00 (clamped to the session start)");
        assertThat(transport.position).isZero();
    }

    @Test
    void aBurstOfSeekKeysMovesAStepEachBeforeThePositionShowsThem() {
        transport.available = 2_000_000;
        transport.position = 500_000;
        transport.seeksLag = true;
        long step = controls.seekStepSamples(); // 441,000: 10 s of audio at 441x
        controls.press(Key.SEEK_FORWARD);
        controls.press(Key.SEEK_FORWARD);
        assertThat(controls.press(Key.SEEK_FORWARD)).isEqualTo("seek 05:03:50");
        assertThat(transport.position).as("nothing played yet").isEqualTo(500_000);
        assertThat(transport.calls).containsExactly("seek " + (500_000 + step), "seek " + (500_000 + 2 * step),
                "seek " + (500_000 + 3 * step));
        transport.playPeriod();
        assertThat(transport.position).isEqualTo(500_000 + 3 * step);
        controls.press(Key.SEEK_BACK);
        controls.press(Key.SEEK_BACK);
        assertThat(transport.pending).isEqualTo(500_000 + step);
        // A burst that runs into the start stays clamped there and steps on from it.
        controls.press(Key.SEEK_BACK);
        controls.press(Key.SEEK_BACK);
        assertThat(controls.press(Key.SEEK_BACK)).endsWith("(clamped to the session start)");
        assertThat(transport.pending).isZero();
        assertThat(controls.press(Key.SEEK_FORWARD)).isEqualTo("seek 01:13:30");
    }

    @Test
    void seeksPastTheBufferClampAPreRollShortOfItsEndWhileDataArrives() {
        transport.available = 300_000;
        transport.position = 100_000;
        assertThat(controls.press(Key.SEEK_FORWARD)).startsWith("seek 00:49:15 (clamped: only 50m00s of data");
        assertThat(transport.position).isEqualTo(300_000 - SETTINGS.prerollSamples());
        transport.complete = true;
        assertThat(controls.seekTo(10_000_000)).endsWith("the whole session)");
        assertThat(transport.position).isEqualTo(299_999);
    }

    @Test
    void volumeAndSpeedStepAndStayInTheirLimits() {
        assertThat(controls.press(Key.VOLUME_UP)).isEqualTo("volume 1.10");
        controls.setVolume(1.95);
        assertThat(controls.press(Key.VOLUME_UP)).isEqualTo("volume 2.00 (limit 0..2)");
        assertThat(controls.setVolume(-1)).isEqualTo("volume 0.00 (limit 0..2)");
        assertThat(controls.press(Key.FASTER)).isEqualTo("speed 1.5x (662x real time)");
        assertThat(controls.press(Key.SLOWER)).isEqualTo("speed 1x (441x real time)");
        transport.speed = 15;
        assertThat(controls.press(Key.FASTER)).startsWith("speed 15x");
        assertThat(controls.setSpeed(40)).endsWith("(limit 0.1..15)");
        transport.speed = 0.1;
        assertThat(controls.press(Key.SLOWER)).startsWith("speed 0.1x");
        assertThat(StationControls.nextSpeed(1.2, +1)).isEqualTo(1.5);
        assertThat(StationControls.nextSpeed(1.2, -1)).isEqualTo(1.0);
    }

    @Test
    void loopIsTheCurrentMinuteEitherSideClampedToTheBuffer() {
        transport.available = 360_000;
        transport.position = 72_000; // 00:12:00
        assertThat(controls.press(Key.LOOP_HERE)).isEqualTo("loop 00:11:00–00:13:00");
        assertThat(transport.calls).containsExactly("loop 66000 78000");
        assertThat(controls.loop()).containsExactly(66_000, 78_000);
        transport.position = 2_000;
        assertThat(controls.press(Key.LOOP_HERE)).isEqualTo("loop 00:00:00–00:01:20 (clamped to what is buffered)");
        controls.seekTo(200_000); // leaves the loop: the engine clears it, so do the controls
        assertThat(controls.loop()).isNull();
        controls.press(Key.LOOP_HERE);
        assertThat(controls.press(Key.CLEAR_LOOP)).isEqualTo("loop cleared");
        assertThat(controls.loop()).isNull();
        assertThat(controls.setLoop(400_000, 500_000)).startsWith("no loop");
    }

    @Test
    void spaceTogglesPauseAndQStops() {
        assertThat(controls.press(Key.PAUSE_RESUME)).startsWith("paused at");
        assertThat(controls.press(Key.PAUSE_RESUME)).isEqualTo("playing");
        assertThat(controls.press(Key.QUIT)).isEqualTo("stopped");
        assertThat(stops).hasValue(1);
        assertThat(controls.press(Key.HELP)).contains("space pause/resume");
    }

    @Test
    void statusLineSaysWhatIsPlayingAndHowMuchIsAhead() {
        String line = StatusText.line(new StatusText.Values("00:12:00", true, false, false, 60_000, 100.0, 44_100.0,
                0, 0, 1, 1.0, 441, 1.0, "00:11:00–00:13:00", "seek 00:12:00"));
        assertThat(line).isEqualTo("▶ 00:12:00 | seek 00:12:00 | ahead 10m00s data = 1.4 s audio | underruns 0"
                + " | gaps 1 | speed 1x=441x | vol 1.00 | loop 00:11:00–00:13:00");
        assertThat(StatusText.line(new StatusText.Values("00:12:00", true, false, false, 60_000, 100.0, 44_100.0,
                0, 2, 1, 1.0, 441, 1.0, null, null))).contains(" | underruns 0 | dropouts 2 | gaps 1 |");
        assertThat(StatusText.dataSpan(3 * 3600 + 7 * 60)).isEqualTo("3h07m");
        assertThat(StatusText.dataSpan(45)).isEqualTo("45s");
        assertThat(StationView.fit("abcdef", 4)).isEqualTo("abc…");
    }

    @Test
    void statusLineFitsTheTerminalDroppingTheLeastUsefulFieldsFirst() {
        StatusText.Values all = new StatusText.Values("00:12:00", true, false, false, 60_000, 100.0, 44_100.0,
                3, 2, 1, 1.5, 441, 1.25, "00:11:00–00:13:00", "seek 00:12:00");
        String full = StatusText.line(all);
        assertThat(full.length()).isGreaterThan(120);

        String at80 = StatusText.line(all, 80);
        assertThat(at80.codePointCount(0, at80.length())).isLessThanOrEqualTo(80);
        assertThat(at80).contains("speed 1.5x=662x", "vol 1.25").startsWith("▶ 00:12:00 | seek 00:12:00")
                .doesNotContain("gaps", "underruns");
        assertThat(at80).isEqualTo("▶ 00:12:00 | seek 00:12:00 | dropouts 2 | speed 1.5x=662x | vol 1.25");
        StatusText.Values noNote = new StatusText.Values("00:12:00", true, false, false, 60_000, 100.0, 44_100.0,
                3, 2, 1, 1.5, 441, 1.25, "00:11:00–00:13:00", null);
        assertThat(StatusText.line(noNote, 80)).isEqualTo("▶ 00:12:00 | ahead 1.4 s | dropouts 2 | speed 1.5x=662x"
                + " | vol 1.25");

        String at60 = StatusText.line(all, 60);
        assertThat(at60.codePointCount(0, at60.length())).isLessThanOrEqualTo(60);
        assertThat(at60).contains("speed 1.5x=662x", "vol 1.25", "00:12:00");
        assertThat(at60).isEqualTo("▶ 00:12:00 | seek 00:12:00 | speed 1.5x=662x | vol 1.25");

        // A line that fits keeps every field; the view's own cut is left only for widths under the four kept ones.
        assertThat(StatusText.line(all, 500)).isEqualTo(full);
        assertThat(StatusText.line(all, 20)).isEqualTo("▶ 00:12:00 | speed 1.5x=662x | vol 1.25");
    }

    @Test
    void positionsAreDataTimeAtTheStreamsRateFromTheStartOrThePlayhead() {
        transport.available = 2_000_000;
        transport.position = 500_000;
        assertThat(controls.seekTo(DataPosition.parse("00:12:30"))).isEqualTo("seek 00:12:30");
        assertThat(transport.calls).containsExactly("seek 75000");
        transport.position = 75_000;
        assertThat(controls.seekTo(DataPosition.parse("+5m"))).isEqualTo("seek 00:17:30");
        assertThat(controls.seekTo(DataPosition.parse("-1h"))).isEqualTo("seek 00:00:00 (clamped to the session start)");
        assertThat(controls.setLoop(DataPosition.parse("10:00"), DataPosition.parse("14:00")))
                .isEqualTo("loop 00:10:00–00:14:00");
        assertThat(transport.loop.from()).isEqualTo(60_000);
        assertThat(transport.loop.to()).isEqualTo(84_000);
        // At 20 Hz the same text is the same time: 12 min 30 s is 15,000 samples.
        StationControls slow = new StationControls(transport, new SessionClock(START, 20.0, 441),
                Duration.ofSeconds(10), stops::incrementAndGet);
        assertThat(slow.samplesAt(new Position(false, 750_000_000L))).isEqualTo(15_000);
    }

    @Test
    void filterKeysStepThroughTheSeedsCornersDcModesAndNormalize() {
        assertThat(controls.press(Key.HIGH_PASS)).isEqualTo("high-pass 0.01 Hz");
        assertThat(controls.press(Key.HIGH_PASS)).isEqualTo("high-pass 0.02 Hz");
        assertThat(controls.press(Key.HIGH_PASS)).isEqualTo("high-pass 0.045 Hz");
        assertThat(controls.press(Key.HIGH_PASS)).isEqualTo("high-pass off");
        assertThat(controls.press(Key.DC_REMOVAL)).isEqualTo("DC removal: running mean");
        assertThat(controls.press(Key.DC_REMOVAL)).isEqualTo("DC removal: running line (detrend)");
        assertThat(controls.press(Key.DC_REMOVAL)).isEqualTo("DC removal off");
        assertThat(controls.press(Key.NORMALIZE)).startsWith("normalize off");
        assertThat(transport.filters.normalize()).isFalse();
        assertThat(controls.setHighPass(0.033)).isEqualTo("high-pass 0.033 Hz");
        assertThat(controls.setHighPass(50)).isEqualTo("high-pass 10 Hz (limit 0..10)");
        assertThat(controls.setDc(Detrend.Mode.MEAN)).isEqualTo("DC removal: running mean");
        assertThat(transport.filters.highPassHz()).isEqualTo(10);
        assertThat(transport.filters.dc()).isEqualTo(Detrend.Mode.MEAN);
    }
}
