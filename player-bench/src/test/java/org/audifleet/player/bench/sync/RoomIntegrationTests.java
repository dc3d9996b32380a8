package org.audifleet.player.bench.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A room of N stations in the running PulseAudio: a sine of its own frequency played into each station's sink
 * ({@code pacat}, as a station's JVM plays with PULSE_SINK) reaches its channel of the recording and no other.
 */
class RoomIntegrationTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void eachStationSinkReachesOnlyItsChannelOfTheRecording(int n) throws Exception {
        String problem = Room.pulseProblem();
        assumeTrue(problem == null, problem);
        try (Room room = Room.create("room" + n + "-" + ProcessHandle.current().pid(), n)) {
            Room.Recording recording = room.record(dir.resolve("room.raw"));
            List<Process> players = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                Process pacat = new ProcessBuilder("pacat", "--playback", "--device=" + room.sink(i), "--raw",
                        "--format=s16le", "--rate=44100", "--channels=1").redirectErrorStream(true).start();
                try (OutputStream out = pacat.getOutputStream()) {
                    out.write(sine(frequency(i), 1.5));
                }
                players.add(pacat);
            }
            for (Process p : players) {
                p.waitFor();
            }
            Thread.sleep(300);
            float[][] channels = recording.stop();
            assertThat(channels).hasNumberOfRows(n);
            for (int c = 0; c < n; c++) {
                for (int i = 1; i <= n; i++) {
                    double level = level(channels[c], frequency(i));
                    if (i == c + 1) {
                        assertThat(level).as("station %d's tone on its channel %d", i, c).isGreaterThan(0.1);
                    } else {
                        assertThat(level).as("station %d's tone on channel %d", i, c).isLessThan(0.001);
                    }
                }
            }
            System.out.printf("room of %d: each tone on its channel only (%s)%n", n, Map.of("channels",
                    room.channelMap(), "frames recorded", channels[0].length));
        }
    }

    static double frequency(int station) {
        return 300 + 110 * station;
    }

    static byte[] sine(double hz, double seconds) {
        int frames = (int) (seconds * Room.RATE);
        byte[] b = new byte[2 * frames];
        for (int i = 0; i < frames; i++) {
            short s = (short) (0.5 * 32767 * Math.sin(2 * Math.PI * hz * i / Room.RATE));
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    /** The amplitude of {@code hz} in {@code x} (a single-bin DFT over the whole recording). */
    static double level(float[] x, double hz) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < x.length; i++) {
            double w = 2 * Math.PI * hz * i / Room.RATE;
            re += x[i] * Math.cos(w);
            im += x[i] * Math.sin(w);
        }
        return 2 * Math.hypot(re, im) / x.length;
    }
}
