package org.audifleet.player.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTests {

    private static final OutputFormat FORMAT = OutputFormat.mono(44100, 512);

    @TempDir
    Path dir;

    @Test
    void wavFileHoldsTheSamplesWithPatchedSizes() throws IOException {
        Path file = dir.resolve("out.wav");
        WavFileOutput sink = new WavFileOutput(file);
        sink.configure(FORMAT);
        float[] period = new float[512];
        period[0] = 1f;
        period[1] = -1f;
        period[2] = 0.5f;
        period[3] = 2f; // clips
        period[4] = -3f;
        sink.process(period, 512);
        sink.process(period, 100);
        sink.shutdown();

        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.limit()).isEqualTo(44 + 612 * 2);
        assertThat(new String(Files.readAllBytes(file), 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(36 + 612 * 2);
        assertThat(b.getShort(20)).isEqualTo((short) 1); // PCM
        assertThat(b.getShort(22)).isEqualTo((short) 1); // mono
        assertThat(b.getInt(24)).isEqualTo(44100);
        assertThat(b.getInt(28)).isEqualTo(88200);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(b.getInt(40)).isEqualTo(612 * 2);
        assertThat(b.getShort(44)).isEqualTo((short) 32767);
        assertThat(b.getShort(46)).isEqualTo((short) -32767);
        assertThat(b.getShort(48)).isEqualTo((short) 16384);
        assertThat(b.getShort(50)).isEqualTo((short) 32767);
        assertThat(b.getShort(52)).isEqualTo((short) -32768);
    }

    /** wav:- for a pipe: the file's bytes exactly, but for the two sizes, which a stream cannot patch. */
    @Test
    void wavStreamHoldsTheFilesBytesWithStreamingSizes() throws IOException {
        float[] period = new float[512];
        for (int i = 0; i < period.length; i++) {
            period[i] = (float) Math.sin(i * 0.05) * 1.5f; // some clip
        }
        Path file = dir.resolve("same.wav");
        WavFileOutput fileSink = new WavFileOutput(file);
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        WavStreamOutput streamSink = new WavStreamOutput(pipe, "a test's pipe");
        int periods = 3 * WavStreamOutput.BUFFER_BYTES / 1024 + 1; // more than the stream buffers at once
        for (AudioOutput sink : List.<AudioOutput>of(fileSink, streamSink)) {
            sink.configure(FORMAT);
            for (int p = 0; p < periods; p++) {
                sink.process(period, 512);
            }
            sink.process(period, 7);
            sink.shutdown();
        }
        long dataBytes = (periods * 512L + 7) * 2;
        assertThat(streamSink.dataBytes()).isEqualTo(dataBytes);

        byte[] streamed = pipe.toByteArray();
        byte[] written = Files.readAllBytes(file);
        assertThat(streamed).hasSize(44 + (int) dataBytes).hasSameSizeAs(written);
        ByteBuffer b = ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Integer.toUnsignedLong(b.getInt(4))).isEqualTo(0xFFFF_FFFFL);
        assertThat(Integer.toUnsignedLong(b.getInt(40))).isEqualTo(0xFFFF_FFFFL);
        ByteBuffer f = ByteBuffer.wrap(written).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(f.getInt(4)).isEqualTo(36 + (int) dataBytes);
        assertThat(f.getInt(40)).isEqualTo((int) dataBytes);
        b.putInt(4, f.getInt(4)).putInt(40, f.getInt(40));
        assertThat(streamed).isEqualTo(written);
        assertThat(b.getShort(44)).isZero();
        assertThat(b.getShort(44 + 2 * 100)).isEqualTo((short) Pcm16.toInt16(period[100]));
    }

    /** The render thread writes the stream: once configured, periods cost no allocation (as in the engine's test). */
    @Test
    void wavStreamPeriodsAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        WavStreamOutput sink = new WavStreamOutput(java.io.OutputStream.nullOutputStream(), "nowhere");
        sink.configure(FORMAT);
        float[] period = new float[512];
        for (int p = 0; p < 20_000; p++) { // warm: let the JIT compile process before it is measured
            sink.process(period, 512);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int p = 0; p < 2000; p++) {
            sink.process(period, 512);
        }
        long grew = threads.getThreadAllocatedBytes(tid) - before;
        sink.shutdown();
        assertThat(grew).isZero();
    }

    @Test
    void wavDashStreamsToTheGivenStdoutAndIsRefusedWhereThereIsNone() {
        List<String> notices = new ArrayList<>();
        Path fallback = dir.resolve("fallback.wav");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        AudioOutput sink = Outputs.open("wav:-", FORMAT, JavaSoundOutput.DEFAULT_LINE_BUFFER_BYTES, fallback, stdout,
                notices::add);
        assertThat(sink.describe()).startsWith("WAV stream to stdout");
        sink.configure(FORMAT);
        sink.process(new float[] {0.5f}, 1);
        sink.shutdown();
        assertThat(stdout.toByteArray()).hasSize(46);
        assertThat(new String(stdout.toByteArray(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(ByteBuffer.wrap(stdout.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getShort(44))
                .isEqualTo((short) 16384);

        // The daemon and the benches have no stdout to give: no file named "-" either.
        assertThatIllegalArgumentException().isThrownBy(() -> Outputs.open("wav:-", FORMAT, fallback, notices::add))
                .withMessageContaining("wav:- streams to stdout");
        assertThat(Files.exists(Path.of("-"))).isFalse();
        assertThat(notices).isEmpty();
    }

    @Test
    void specsOpenTheRightSinks() {
        List<String> notices = new ArrayList<>();
        Path fallback = dir.resolve("fallback.wav");
        assertThat(Outputs.open("wav:" + dir.resolve("a.wav"), FORMAT, fallback, notices::add))
                .isInstanceOf(WavFileOutput.class);
        assertThat(Outputs.open("null", FORMAT, fallback, notices::add).realTime()).isFalse();
        assertThat(Outputs.open("null:realtime", FORMAT, fallback, notices::add).realTime()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> Outputs.open("speaker", FORMAT, fallback, notices::add))
                .withMessageContaining("auto, wav:FILE, null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Outputs.open("device:no-such-card-xyz", FORMAT, fallback, notices::add))
                .withMessageContaining("no output device matches 'no-such-card-xyz'; available: ");
        assertThat(notices).isEmpty();
    }

    @Test
    void autoFallsBackToWavWithOneLineSayingWhyWhenThereIsNoSoundDevice() {
        List<String> notices = new ArrayList<>();
        Path fallback = dir.resolve("fallback.wav");
        AudioOutput sink = Outputs.open("auto", FORMAT, fallback, notices::add);
        if (JavaSoundDevices.probe(FORMAT) == null) {
            assertThat(sink).isInstanceOf(JavaSoundOutput.class); // this machine has a device
            assertThat(notices).isEmpty();
        } else {
            assertThat(sink).isInstanceOf(WavFileOutput.class);
            assertThat(((WavFileOutput) sink).path()).isEqualTo(fallback);
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0)).startsWith("no sound device").contains("writing WAV to " + fallback)
                    .doesNotContain("\n");
        }
    }

    @Test
    void captureKeepsEverySampleAndGrowsPastItsHint() {
        CaptureOutput sink = new CaptureOutput(600);
        sink.configure(FORMAT);
        float[] period = new float[512];
        for (int p = 0; p < 3; p++) {
            java.util.Arrays.fill(period, p);
            sink.process(period, 512);
        }
        sink.shutdown();
        float[] got = sink.captured();
        assertThat(got).hasSize(1536);
        assertThat(got[0]).isZero();
        assertThat(got[1535]).isEqualTo(2f);
        assertThat(sink.isShutDown()).isTrue();
    }

    @Test
    void pacedNullSinkTakesRealTime() {
        NullOutput sink = new NullOutput(true);
        sink.configure(FORMAT);
        long t0 = System.nanoTime();
        float[] period = new float[512];
        for (int i = 0; i < 10; i++) {
            sink.process(period, 490);
        }
        // Like a device with one period of buffer, the tenth write returns once the first nine (9 × 490
        // frames = 100 ms) have played. A lower bound only: under load it may take longer, never shorter.
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(99_000_000L);
        assertThat(sink.framesWritten()).isEqualTo(4900);
    }

    @Test
    void formatRejectsWhatTheSinksCannotPlay() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OutputFormat(44100, 2, 512));
        assertThatIllegalArgumentException().isThrownBy(() -> new OutputFormat(1000, 1, 512));
    }
}
