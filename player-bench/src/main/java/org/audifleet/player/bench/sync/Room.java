package org.audifleet.player.bench.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * N station sinks on one recorded sink, in the running PulseAudio (the one infra/sound/null-sink starts): a null
 * sink with one channel per station and one {@code module-remap-sink} per station onto its channel, so a JVM with
 * {@code PULSE_SINK=}{@link #sink(int)} plays into that channel only, and one recording of the master's monitor
 * holds every station, sample-aligned. {@link #close()} unloads what it loaded.
 */
public final class Room implements AutoCloseable {

    public static final int RATE = 44_100;

    private final String name;
    private final int stations;
    private final List<String> modules = new ArrayList<>();

    private Room(String name, int stations) {
        this.name = name;
        this.stations = stations;
    }

    /**
     * Loads the master sink {@code NAME} ({@code channels=N}: front-left/right for 2, aux0.. for more) and the
     * station sinks {@code NAME-1} .. {@code NAME-N}.
     */
    public static Room create(String name, int stations) throws IOException, InterruptedException {
        if (stations < 2 || stations > 32) {
            throw new IllegalArgumentException("a room has 2 to 32 stations, not " + stations);
        }
        Room room = new Room(name, stations);
        try {
            room.load("module-null-sink", "sink_name=" + name, "rate=" + RATE, "channels=" + stations,
                    "channel_map=" + room.channelMap(), "format=s16le");
            for (int i = 1; i <= stations; i++) {
                room.load("module-remap-sink", "sink_name=" + room.sink(i), "master=" + name, "channels=1",
                        "channel_map=mono", "master_channel_map=" + room.channel(i), "remix=no", "rate=" + RATE);
            }
        } catch (IOException | RuntimeException e) {
            room.close();
            throw e;
        }
        return room;
    }

    /** Whether a PulseAudio answers {@code pactl info} here, and with what, for a skip message. */
    public static String pulseProblem() {
        try {
            Process p = new ProcessBuilder("pactl", "info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "pactl info failed (start one: eval \"$(infra/sound/null-sink start)\"): " + out.strip();
            }
            return null;
        } catch (IOException e) {
            return "no pactl (Debian package pulseaudio-utils): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    public int stations() {
        return stations;
    }

    public String master() {
        return name;
    }

    /** The sink of station {@code i} (1-based), for {@code PULSE_SINK}. */
    public String sink(int i) {
        return name + "-" + i;
    }

    String channel(int i) {
        return stations == 2 ? (i == 1 ? "front-left" : "front-right") : "aux" + (i - 1);
    }

    String channelMap() {
        List<String> map = new ArrayList<>();
        for (int i = 1; i <= stations; i++) {
            map.add(channel(i));
        }
        return String.join(",", map);
    }

    /**
     * Starts {@code parec} on the master's monitor, raw s16le, one channel per station in station order, into
     * {@code file}; {@link Recording#stop()} ends it.
     */
    public Recording record(Path file) throws IOException, InterruptedException {
        Process parec = new ProcessBuilder("parec", "--device=" + name + ".monitor", "--raw", "--format=s16le",
                "--rate=" + RATE, "--channels=" + stations, "--channel-map=" + channelMap(), "--latency-msec=20")
                .redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(300);
        if (!parec.isAlive()) {
            throw new IOException("parec could not record " + name + ".monitor (exit " + parec.exitValue() + ")");
        }
        return new Recording(parec, file, stations);
    }

    /** A running parec; {@link #stop()} ends it and reads what it wrote, one float array per channel. */
    public static final class Recording {
        private final Process parec;
        private final Path file;
        private final int channels;

        Recording(Process parec, Path file, int channels) {
            this.parec = parec;
            this.file = file;
            this.channels = channels;
        }

        public float[][] stop() throws IOException, InterruptedException {
            parec.destroy();
            if (!parec.waitFor(10, TimeUnit.SECONDS)) {
                parec.destroyForcibly().waitFor();
            }
            return read(file, channels);
        }
    }

    /** A raw interleaved s16le file as one array per channel, full scale 1.0. */
    public static float[][] read(Path file, int channels) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int frames = bytes.remaining() / (2 * channels);
        float[][] out = new float[channels][frames];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                out[c][f] = bytes.getShort() / 32768f;
            }
        }
        return out;
    }

    private void load(String module, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pactl", "load-module", module));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        modules.add(out);
    }

    @Override
    public void close() {
        for (int i = modules.size() - 1; i >= 0; i--) {
            try {
                new ProcessBuilder("pactl", "unload-module", modules.get(i)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // PulseAudio is gone: nothing left to unload.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        modules.clear();
    }
}
