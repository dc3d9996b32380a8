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

    /** How often the render thread looks for room in the line before a write ({@link #awaitRoom}). */
    static final long ROOM_POLL_NANOS = 2_000_000L;

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
    // Render thread only: bytes given to the current line, frames the lines closed empty before it played, and
    // the first frame of audio (-1 before any), both counted over all of them.
    private long lineBytes;
    private long framesOfEarlierLines;
    private long firstAudibleFrame = -1;
    private DeviceLag lag;
    /** The line was seen at least half full since it was opened or last ran dry. */
    private boolean primed;
    /**
     * This line was seen at least half full, its position then ({@code -1} before), and whether that has moved
     * since: until it does, a new line's position means little (it runs ahead of what was written, and the sound
     * server may not have started taking audio at all).
     */
    private boolean filled;
    private long positionWhenFilled = -1;
    private boolean lineStarted;
    /** {@link #lag} is running: a line has started and the first frame of audio has been played. */
    private boolean playing;
    // Written by the render thread only, read by anyone.
    private final DropoutLog dropouts = new DropoutLog();
    private final PlayoutReadings readings = new PlayoutReadings();
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
        if (current != null && lineBytes > 0) {
            watchDry(current);
        }
        if (audible != 0 && firstAudibleFrame < 0) {
            firstAudibleFrame = framesOfEarlierLines + lineBytes / 2;
        }
        int len = frames * 2;
        if (current != null && lineBytes > 0) {
            awaitRoom(current, len);
        }
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
        watchLag(line);
    }

    /**
     * Waits, looking every {@value #ROOM_POLL_NANOS} ns, until the line has room for the period, so the write after
     * it does not block. Java Sound's blocking write sleeps in steps of its own (on the null sink the writes that
     * waited came back 23.6 ms after the one before at p50), so it returned up to that long after the sound server
     * took a chunk, and the reading after it ({@link #watchLag}) was as late; the group's model of when a frame is
     * heard is the readings' maximum (sync/DeviceTiming), so it moved by the best such lag in its window. Gives up
     * after two periods' time, to the blocking write and its healing. Reads and a park only.
     */
    private void awaitRoom(SourceDataLine l, int len) {
        long giveUp = System.nanoTime() + 2 * format.nanosOf(format.periodFrames());
        while (l.isOpen()) {
            l.getLongFramePosition(); // makes ALSA sync its hardware pointer: available() alone can be stale
            if (l.available() >= len || System.nanoTime() - giveUp > 0) {
                return;
            }
            LockSupport.parkNanos(ROOM_POLL_NANOS);
        }
    }

    /**
     * After each write: feeds {@link DeviceLag} the device's play head, counted over every line this output
     * opened. The time is read before the position, so a render thread preempted between the two reads makes the
     * lag look smaller, never a dropout. A line's position counts only once the line was seen half full and the
     * position then moved: a new line's position runs ahead of the frames written (the null sink's stood at 4096
     * after 512), and the idle null sink took nothing for 338 ms after the first line filled, with nothing lost
     * (the recording began with the session's first frame; ENGINE.md, "Device dropouts"). Nothing counts before
     * the first frame of audio has been played: a device that starts late delays the session, it does not cut
     * into it. The play head is never ahead of the frames written. The reading published for the group's timing
     * takes the time after the position instead: a position is then never ahead of its time, so the readings'
     * maximum, not a share of them, is the device's timeline (sync/DeviceTiming).
     */
    private void watchLag(SourceDataLine l) {
        long now = System.nanoTime();
        long position = l.getLongFramePosition();
        long readAt = System.nanoTime();
        long played = framesOfEarlierLines + Math.min(position, lineBytes / 2);
        if (!lineStarted) {
            if (filled && positionWhenFilled < 0) {
                positionWhenFilled = position;
            }
            lineStarted = positionWhenFilled >= 0 && position > positionWhenFilled;
            if (!lineStarted) {
                if (!playing) {
                    lag.restart();
                }
                return; // a line reopened to grow: the episode goes on over the reopen
            }
        }
        readings.publish(readAt, framesOfEarlierLines + lineBytes / 2, played);
        if (firstAudibleFrame < 0 || played <= firstAudibleFrame) {
            lag.restart();
            return;
        }
        playing = true;
        long silent = lag.after(now, played);
        if (silent > 0) {
            dropouts.episode(silent);
        }
    }

    /**
     * Called before each write once the line has been given audio: a line seen at least half full that now reports
     * its whole buffer free has given the sound server everything written. That alone is not a dropout: the
     * server may hold a line's worth ahead of its play head (the null sink did, at the 93 ms {@code bin/demo}
     * counted, ENGINE.md "Device dropouts"). It is one when the play head has also fallen behind the wall time
     * ({@link DeviceLag#riseNow}): then the line is grown, reopened while it is empty. The silence itself is
     * counted by {@link DeviceLag} once the device plays again, over the reopen. Reads and arithmetic only.
     */
    private void watchDry(SourceDataLine l) {
        // Reading the position first also makes ALSA sync the hardware pointer; available() alone can be stale
        // by a whole stall (measured: it reported 3 periods queued on a line that had run dry).
        long now = System.nanoTime();
        long position = l.getLongFramePosition();
        int free = l.available();
        int size = l.getBufferSize();
        if (free < size) {
            primed = primed || free <= size / 2;
            filled = filled || primed;
            return;
        }
        if (!primed) {
            return;
        }
        primed = false;
        if (firstAudibleFrame >= 0
                && lag.riseNow(now, framesOfEarlierLines + Math.min(position, lineBytes / 2)) > lag.toleranceNanos()) {
            grow(l);
        }
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
            // The device took all of it before the line ran dry: the play head's count goes on over the new line.
            framesOfEarlierLines += lineBytes / 2;
            lineBytes = 0;
            primed = false;
            filled = false;
            positionWhenFilled = -1;
            lineStarted = false;
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
            lag.restart(); // what the lost line held is gone: the lag starts again from the new line
            filled = false;
            positionWhenFilled = -1;
            lineStarted = false;
            playing = false;
            framesOfEarlierLines += lineBytes / 2;
            lineBytes = 0;
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
                // drain() returns once the server took everything, and closing drops what it holds ahead (a null
                // sink recording lacked the last 161 frames): a line buffer of silence makes the dropped part silent.
                java.util.Arrays.fill(bytes, (byte) 0);
                for (int padded = 0; padded < l.getBufferSize(); padded += bytes.length) {
                    l.write(bytes, 0, bytes.length);
                }
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

    /** Published once the line has started (its position moved after it was half full), after every write. */
    @Override
    public PlayoutReadings playout() {
        return readings;
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
