package org.audifleet.player.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays through Java Sound: a {@link SourceDataLine}, 16-bit signed little-endian mono.
 *
 * <p>The line buffer sets the output latency (Java Sound keeps it ~85–90% full) and how well playback rides out
 * scheduling hiccups: on the PulseAudio null sink 1024 bytes stalled repeatedly and 2048 stalled under load; 4096
 * was clean on a quiet machine but not in the loaded soak, so the default is {@value #DEFAULT_LINE_BUFFER_BYTES}
 * bytes (4096 frames, ~93 ms at 44.1 kHz; MEASUREMENTS.md, soak finding 4).
 *
 * <p>Device healing: when a write fails or comes back short because the line closed under us (device unplugged,
 * sound server restarted), the sink closes the line and opens a new one on the same mixer, then writes the rest of
 * the period; {@link #reopens()} counts these. If the device cannot be reopened, the period is dropped and the
 * sink sleeps for its duration, so the engine keeps real-time pace and retries on the next period. Healing
 * allocates (Java Sound builds new line objects); only this error path does.
 */
public final class JavaSoundSink implements AudioSink {

    /**
     * 8192 bytes = 93 ms at 44.1 kHz 16-bit mono. 4096 (46 ms) was clean on a quiet machine, but in the
     * 24 h soak with 20 other sessions on 2 cores a period now and then came later than 46 ms, the line
     * ran dry and the PulseAudio sink stalled for ~2 s; with 8192 it never did (MEASUREMENTS.md).
     */
    public static final int DEFAULT_LINE_BUFFER_BYTES = 8192;

    private final String mixerName;
    private final int lineBufferBytes;
    private SinkFormat format;
    private AudioFormat audioFormat;
    private byte[] bytes;
    private volatile SourceDataLine line;
    private volatile String deviceName = "(not open)";
    private volatile long reopens;
    private volatile long failedReopens;
    private volatile String lastError;

    /**
     * @param mixerName a substring of the mixer's name (case-insensitive), or null for Java Sound's default line
     * @param lineBufferBytes the line's buffer; must hold at least a few periods
     */
    public JavaSoundSink(String mixerName, int lineBufferBytes) {
        if (lineBufferBytes < 256) {
            throw new IllegalArgumentException("line buffer of " + lineBufferBytes + " bytes is too small");
        }
        this.mixerName = mixerName;
        this.lineBufferBytes = lineBufferBytes;
    }

    public JavaSoundSink() {
        this(null, DEFAULT_LINE_BUFFER_BYTES);
    }

    static AudioFormat audioFormat(SinkFormat format) {
        return new AudioFormat(format.sampleRate(), 16, format.channels(), true, false);
    }

    @Override
    public void configure(SinkFormat format) {
        this.format = format;
        this.audioFormat = audioFormat(format);
        this.bytes = new byte[format.periodFrames() * 2];
        try {
            line = openLine();
        } catch (LineUnavailableException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open a " + format.sampleRate() + " Hz 16-bit mono output on "
                    + (mixerName == null ? "the default device" : "device '" + mixerName + "'") + ": "
                    + e.getMessage() + "; devices: " + devices(), e);
        }
    }

    private SourceDataLine openLine() throws LineUnavailableException {
        SourceDataLine opened;
        if (mixerName == null) {
            opened = AudioSystem.getSourceDataLine(audioFormat);
            deviceName = "default";
        } else {
            Mixer.Info info = findMixer(mixerName);
            if (info == null) {
                throw new IllegalArgumentException("no output device matches '" + mixerName + "'");
            }
            opened = AudioSystem.getSourceDataLine(audioFormat, info);
            deviceName = info.getName();
        }
        opened.open(audioFormat, lineBufferBytes);
        opened.start();
        return opened;
    }

    @Override
    public void process(float[] period, int frames) {
        byte[] b = bytes;
        for (int i = 0, j = 0; i < frames; i++, j += 2) {
            int v = Pcm16.toInt16(period[i]);
            b[j] = (byte) v;
            b[j + 1] = (byte) (v >> 8);
        }
        int len = frames * 2;
        int off = 0;
        while (off < len) {
            SourceDataLine l = line;
            int written;
            try {
                written = l == null || !l.isOpen() ? -1 : l.write(b, off, len - off);
            } catch (RuntimeException e) {
                lastError = e.toString();
                written = -1;
            }
            if (written > 0) {
                off += written;
            }
            if (off < len && (written <= 0 || l == null || !l.isOpen() || !l.isRunning())) {
                if (!heal()) {
                    // Keep real-time pace while the device is gone: the period is lost, not delayed.
                    LockSupport.parkNanos(format.nanosOf(frames - off / 2));
                    return;
                }
            }
        }
    }

    private boolean heal() {
        SourceDataLine old = line;
        line = null;
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException e) {
                lastError = e.toString();
            }
        }
        try {
            line = openLine();
            reopens = reopens + 1;
            return true;
        } catch (LineUnavailableException | RuntimeException e) {
            lastError = e.toString();
            failedReopens = failedReopens + 1;
            return false;
        }
    }

    @Override
    public void shutdown() {
        SourceDataLine l = line;
        line = null;
        if (l != null) {
            if (l.isOpen()) {
                l.drain();
            }
            l.close();
        }
    }

    @Override
    public boolean realTime() {
        return true;
    }

    /** Times the line was reopened after a device error. */
    public long reopens() {
        return reopens;
    }

    /** Reopen attempts that failed (each dropped one period). */
    public long failedReopens() {
        return failedReopens;
    }

    /** The last device error seen, or null. */
    public String lastError() {
        return lastError;
    }

    /** Frames the device reports as played (a real-time clock while the line is open), or -1. */
    public long devicePosition() {
        SourceDataLine l = line;
        return l == null ? -1 : l.getLongFramePosition();
    }

    /** Simulates a lost device (as when the sound server restarts): closes the current line under the writer. */
    void closeLineAsIfDeviceFailed() {
        SourceDataLine l = line;
        if (l != null) {
            l.close();
        }
    }

    @Override
    public String describe() {
        return "sound device " + deviceName + " (line buffer " + lineBufferBytes + " bytes)";
    }

    /** Names of the mixers that can give a 16-bit mono output line. */
    static List<String> devices() {
        List<String> names = new ArrayList<>();
        Line.Info wanted = new Line.Info(SourceDataLine.class);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            try {
                if (AudioSystem.getMixer(info).isLineSupported(wanted)) {
                    names.add(info.getName());
                }
            } catch (RuntimeException e) {
                // a mixer that cannot even be queried is not one we can play on
            }
        }
        return names;
    }

    static Mixer.Info findMixer(String nameSubstring) {
        String wantedName = nameSubstring.toLowerCase(Locale.ROOT);
        Line.Info wanted = new Line.Info(SourceDataLine.class);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (info.getName().toLowerCase(Locale.ROOT).contains(wantedName)) {
                try {
                    if (AudioSystem.getMixer(info).isLineSupported(wanted)) {
                        return info;
                    }
                } catch (RuntimeException e) {
                    // keep looking
                }
            }
        }
        return null;
    }

    /** Null when a line of this format opens on the default device, else why not (one line). */
    static String probe(SinkFormat format) {
        AudioFormat af = audioFormat(format);
        try {
            SourceDataLine l = AudioSystem.getSourceDataLine(af);
            l.open(af, DEFAULT_LINE_BUFFER_BYTES);
            l.close();
            return null;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return why.replace('\n', ' ');
        }
    }

}
