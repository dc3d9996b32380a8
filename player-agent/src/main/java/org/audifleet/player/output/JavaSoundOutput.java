package org.audifleet.player.output;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays through Java Sound: a {@link SourceDataLine}, 16-bit signed little-endian mono.
 *
 * <p>The line buffer sets the output latency (Java Sound keeps it ~85–90% full) and how well playback rides out
 * scheduling hiccups ({@link #DEFAULT_LINE_BUFFER_BYTES}).
 *
 * <p>Device healing: when a write fails or comes back short because the line closed under us (device unplugged,
 * sound server restarted), the sink closes the line and opens a new one on the same mixer, then writes the rest of
 * the period; {@link #reopens()} counts these. If it cannot be reopened, the period is dropped and the sink sleeps
 * its duration, keeping real-time pace, and retries on the next. Only this error path allocates (new line objects).
 */
public final class JavaSoundOutput implements AudioOutput {

    /**
     * 8192 bytes = 93 ms at 44.1 kHz 16-bit mono. 4096 (46 ms) was clean on a quiet machine, but in the 24 h soak
     * with 20 other sessions on 2 cores the line ran dry now and then and the PulseAudio sink stalled for ~2 s;
     * with 8192 it never did (MEASUREMENTS.md).
     */
    public static final int DEFAULT_LINE_BUFFER_BYTES = 8192;

    /**
     * Largest line buffer the sink grows to after dropouts: 32768 bytes = 372 ms at 44.1 kHz. Each dropout
     * doubles the buffer (8192 → 16384 → 32768), the way a sound server raises its wake-up watermark after an
     * underrun; past this the added latency would make keys feel slow (the line stays ~85–90% full).
     */
    public static final int MAX_LINE_BUFFER_BYTES = 32768;

    private final String mixerName;
    private final int maxLineBufferBytes;
    private volatile int lineBufferBytes;
    private OutputFormat format;
    private AudioFormat audioFormat;
    private byte[] bytes;
    private volatile SourceDataLine line;
    private volatile String deviceName = "(not open)";
    private volatile long reopens;
    private volatile long failedReopens;
    private volatile String lastError;
    // Render thread only: bytes given to the current line, and when and how full it was after the last write.
    private long lineBytes;
    private long lastWriteNanos;
    private long queuedAfterWrite;
    private DeviceLag lag;
    /** Frames given to this line up to the end of the last period that was all digital silence. */
    private long silentUntil;
    private boolean primed;
    /** A dropout is under way: the line ran dry at {@code dryAtNanos} and the device has not played since. */
    private boolean dry;
    private long dryAtNanos;
    private long lastPosition;
    private long framesAtDry;
    // Written by the render thread only, read by anyone.
    private final DropoutLog dropouts = new DropoutLog();
    private volatile long growths;

    /**
     * @param mixerName a substring of the mixer's name (case-insensitive), or null for Java Sound's default line
     * @param lineBufferBytes the line's buffer to start with; must hold at least a few periods. After a dropout it
     *        doubles, up to {@value #MAX_LINE_BUFFER_BYTES} bytes (or this size, if that is larger)
     */
    public JavaSoundOutput(String mixerName, int lineBufferBytes) {
        if (lineBufferBytes < 256) {
            throw new IllegalArgumentException("line buffer of " + lineBufferBytes + " bytes is too small");
        }
        this.mixerName = mixerName;
        this.lineBufferBytes = lineBufferBytes;
        this.maxLineBufferBytes = Math.max(lineBufferBytes, MAX_LINE_BUFFER_BYTES);
    }

    public JavaSoundOutput() {
        this(null, DEFAULT_LINE_BUFFER_BYTES);
    }

    static AudioFormat audioFormat(OutputFormat format) {
        return new AudioFormat(format.sampleRate(), 16, format.channels(), true, false);
    }

    @Override
    public void configure(OutputFormat format) {
        this.format = format;
        this.audioFormat = audioFormat(format);
        this.bytes = new byte[format.periodFrames() * 2];
        this.lag = new DeviceLag(format);
        try {
            line = openAtRenderPriority();
        } catch (LineUnavailableException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open a " + format.sampleRate() + " Hz 16-bit mono output on "
                    + (mixerName == null ? "the default device" : "device '" + mixerName + "'") + ": "
                    + e.getMessage() + "; devices: " + JavaSoundDevices.devices(), e);
        }
    }

    /**
     * Opens the line from a thread at the render thread's priority: opening starts the ALSA pulse plugin's thread
     * (libpulse's {@code threaded-ml}, which carries every period to the sound server), and a new Linux thread
     * takes its creator's nice value; opened from the caller it ran at nice 0 beside a render thread at -5
     * (ENGINE.md, "Device dropouts"). Reopens run on the render thread and inherit its priority.
     */
    private SourceDataLine openAtRenderPriority() throws LineUnavailableException {
        FutureTask<SourceDataLine> open = new FutureTask<>(this::openLine);
        Thread opener = new Thread(open, "audifleet-line-open");
        opener.setPriority(Thread.MAX_PRIORITY);
        opener.start();
        try {
            return open.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the sound device", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LineUnavailableException lue) {
                throw lue;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private SourceDataLine openLine() throws LineUnavailableException {
        SourceDataLine opened;
        if (mixerName == null) {
            opened = AudioSystem.getSourceDataLine(audioFormat);
            deviceName = "default";
        } else {
            Mixer.Info info = JavaSoundDevices.findMixer(mixerName);
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
        int audible = 0;
        for (int i = 0, j = 0; i < frames; i++, j += 2) {
            int v = Pcm16.toInt16(period[i]);
            audible |= v;
            b[j] = (byte) v;
            b[j + 1] = (byte) (v >> 8);
        }
        SourceDataLine current = line;
        boolean watching = current != null && lineBytes > 0;
        if (watching) {
            watching = watchDropouts(current);
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
                lineBytes += written;
            }
            if (off < len && (written <= 0 || l == null || !l.isOpen() || !l.isRunning())) {
                if (!heal()) {
                    // Keep real-time pace while the device is gone: the period is lost, not delayed.
                    LockSupport.parkNanos(format.nanosOf(frames - off / 2));
                    return;
                }
            }
        }
        SourceDataLine l = line;
        long position = l.getLongFramePosition(); // also syncs the pointer available() reads, as in watchDropouts
        long now = System.nanoTime();
        if (!watching || l != current) {
            lag.restart();
        } else {
            // the play head when the previous write ended, in frames given to this line
            watchStall(now, position, lineBytes / 2 - frames - queuedAfterWrite);
        }
        if (audible == 0) {
            silentUntil = lineBytes / 2;
        }
        lastWriteNanos = now;
        queuedAfterWrite = (l.getBufferSize() - l.available()) / 2;
    }

    /**
     * Called after a write while the line plays steadily (not dry, seen at least half full). The device can stop
     * taking audio while the line is still full: under load a rewinding null sink then idled 1-2 s, the write
     * blocks and the frame position stands still, and the line never reports itself empty, so
     * {@link #watchDropouts} cannot see it; {@link DeviceLag} does (measured on the null sink: 1847 and 1849 ms
     * counted against 1856 and 1853 ms in the recording). A stall while the frames at the play head were digital
     * silence (a session's lead, a gap) inserts silence into silence: nobody hears it and no recording can show
     * it, so it is not counted. The line is full, so it does not grow (reopening would drop what is queued).
     */
    private void watchStall(long now, long position, long playhead) {
        long stoodStill = lag.after(now, position, queuedAfterWrite);
        if (stoodStill == 0 || playhead < silentUntil) {
            return;
        }
        dropouts.stalled(stoodStill);
    }

    /**
     * Called before each write once the line has been given audio. When the line reports its whole buffer free,
     * everything written has played: the line ran dry, and the listener hears silence from the moment the frames
     * queued after the last write played out. The silence lasts until the device plays again, which can be long
     * after this write (measured on the null sink with rewinds: one that ran dry idled 1–2 s before it took
     * audio again), so the episode ends at a later write, when the frame position moves again with the line at
     * least half full (steady, not in the middle of the device taking a large first chunk): of the wall time
     * since the line ran dry, what the frames written since then minus those still queued did not fill was
     * silence. The frame position alone cannot detect the episode (on the null sink it runs ahead of the frames
     * written while a new line starts, and stands still while the line is dry), and a new line reports its buffer
     * free until the device first takes a buffer's worth, so only a line seen at least half full counts. Reads and
     * arithmetic only; only the growth that follows reopens the line.
     */
    private boolean watchDropouts(SourceDataLine l) {
        // Reading the position first also makes ALSA sync the hardware pointer; available() alone can be stale
        // by a whole stall (measured: it reported 3 periods queued on a line that had run dry).
        long position = l.getLongFramePosition();
        int free = l.available();
        int size = l.getBufferSize();
        long since = lastPosition;
        lastPosition = position;
        if (dry) {
            if (!primed) {
                primed = free <= size / 2;
            } else if (position > since && free <= size / 2) {
                // The device plays again. Since the line ran dry it has played everything written since then but
                // what is still queued; the rest of the wall time was silence.
                long playedSinceDry = lineBytes / 2 - framesAtDry - (size - free) / 2;
                long silent = Math.max(0, System.nanoTime() - dryAtNanos - format.nanosOf(playedSinceDry));
                dropouts.dryEnded(silent);
                dry = false;
            }
            return false;
        }
        if (free < size) {
            primed = primed || free <= size / 2;
            return primed;
        }
        if (!primed) {
            return false;
        }
        dry = true;
        dryAtNanos = lastWriteNanos + format.nanosOf(Math.max(0, queuedAfterWrite));
        dropouts.dryBegan();
        framesAtDry = lineBytes / 2;
        primed = false;
        grow(l);
        return false;
    }

    /**
     * Doubles the line buffer after a dropout, up to the cap: Java Sound cannot resize an open line, so the line
     * is closed and reopened with the larger buffer. It is empty at this moment anyway, so nothing that was
     * written is lost; the reopen takes 2–10 ms and allocates, on this rare path only.
     */
    private void grow(SourceDataLine l) {
        if (lineBufferBytes >= maxLineBufferBytes) {
            return;
        }
        lineBufferBytes = Math.min(maxLineBufferBytes, lineBufferBytes * 2);
        try {
            l.close();
            l.open(audioFormat, lineBufferBytes);
            l.start();
            lineBytes = 0;
            lastPosition = 0;
            silentUntil = 0;
            framesAtDry = 0;
            primed = false;
            growths = growths + 1;
        } catch (LineUnavailableException | RuntimeException e) {
            lastError = e.toString();
            heal();
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
            lineBytes = 0;
            lastPosition = 0;
            silentUntil = 0;
            framesAtDry = 0;
            primed = false;
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

    @Override
    public long deviceDropouts() {
        return dropouts.count();
    }

    @Override
    public double dropoutMillis() {
        return dropouts.totalMillis();
    }

    /** Each dropout's length in milliseconds, in order (the first {@value DropoutLog#EPISODES_KEPT}). */
    public double[] dropoutLengthsMillis() {
        return dropouts.lengthsMillis();
    }

    /** Dropouts that were the device standing still with the line full (counted in {@link #deviceDropouts()}). */
    public long deviceStalls() {
        return dropouts.stalls();
    }

    /** Times the line buffer was doubled after a dropout. */
    public long lineBufferGrowths() {
        return growths;
    }

    /** The line buffer now: the configured size, doubled after each dropout up to the cap. */
    public int lineBufferBytes() {
        return lineBufferBytes;
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
        return "sound device " + deviceName + " (line buffer " + lineBufferBytes + " bytes, grows to "
                + maxLineBufferBytes + " after dropouts)";
    }
}
