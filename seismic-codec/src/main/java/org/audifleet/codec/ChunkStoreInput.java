package org.audifleet.codec;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audifleet.codec.mseed.IntegrityPolicy;
import org.audifleet.codec.mseed.MseedFormatException;

/**
 * {@code bin/decode} for the chunk store's {@code *.i32.zst} chunks: one zstd frame of Int32 little-endian samples
 * holding only the samples that exist. The file name gives the stream, the slot start and size
 * ({@code XX.DEMO..HHZ.20240101T004000Z.10m.i32.zst}); the day's {@code manifest.json} beside it gives the rate and
 * the chunk's gaps. Each run of samples between gaps is printed like a miniSEED record:
 * {@code # REC off=<byte offset of the run in the decompressed Int32 stream> reclen=<run bytes> fmt=zst
 * enc=zstd-int32le swap=0 sid=FDSN:XX_DEMO__H_H_Z start=<first sample> rate=100 samplecnt=N numsamples=N type=i}.
 * Without a manifest the rate prints as 0 and the whole frame is one run starting at the slot start.
 */
final class ChunkStoreInput implements DecodeCommand.InputFormat {

    private static final Pattern NAME = Pattern.compile(
            "([A-Z0-9]+)\\.([A-Z0-9]+)\\.([A-Z0-9]*)\\.([A-Z0-9]+)\\.(\\d{8}T\\d{6})Z\\.(10m|1h|6h)\\.i32\\.zst");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final Pattern INSTANT = Pattern.compile("\"(start|end)\"\\s*:\\s*\"([^\"]+)\"");

    @Override
    public boolean recognises(byte[] head, int length) {
        // zstd frame magic 0xFD2FB528, little-endian
        return length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd;
    }

    @Override
    public void dump(Path file, InputStream in, RecordDump out, IntegrityPolicy integrity, Consumer<String> warnings)
            throws IOException {
        int[] samples = decompress(in);
        String name = file.getFileName().toString();
        Matcher m = NAME.matcher(name);
        String sid = "";
        long slotStart = 0;
        if (m.matches()) {
            String cha = m.group(4);
            sid = "FDSN:" + m.group(1) + "_" + m.group(2) + "_" + m.group(3) + "_"
                    + (cha.length() == 3 ? cha.charAt(0) + "_" + cha.charAt(1) + "_" + cha.charAt(2) : cha);
            slotStart = LocalDateTime.parse(m.group(5), STAMP).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
        } else {
            warnings.accept(name + " is not named NET.STA.LOC.CHA.YYYYMMDDTHHMMSSZ.SIZE.i32.zst: no stream or time");
        }
        Path manifest = file.toAbsolutePath().resolveSibling("manifest.json");
        double rate = 0;
        List<long[]> gaps = new ArrayList<>();
        if (Files.isRegularFile(manifest)) {
            String json = Files.readString(manifest, StandardCharsets.UTF_8);
            Matcher r = Pattern.compile("\"sampleRate\"\\s*:\\s*([0-9.eE+-]+)").matcher(json);
            rate = r.find() ? Double.parseDouble(r.group(1)) : 0;
            gaps = gapsOf(json, name);
        } else {
            warnings.accept("no manifest.json beside " + name + ": rate 0, gaps unknown");
        }
        // Runs: the sample times between the manifest's gaps, in order.
        int used = 0;
        long t = slotStart;
        for (int g = 0; g <= gaps.size() && used < samples.length; g++) {
            long runEnd = g < gaps.size() ? gaps.get(g)[0] : Long.MAX_VALUE;
            int n = rate > 0 && runEnd != Long.MAX_VALUE
                    ? (int) Math.min(samples.length - used, Math.round((runEnd - t) * rate / 1e9))
                    : samples.length - used;
            if (n > 0) {
                out.writeRun(used * 4L, n * 4L, "zst", "zstd-int32le", sid, t, rate, samples, used, n);
                used += n;
            }
            if (g < gaps.size()) {
                t = gaps.get(g)[1];
            }
        }
    }

    private static int[] decompress(InputStream in) throws IOException {
        byte[] bytes;
        try (ZstdInputStream z = new ZstdInputStream(in)) {
            bytes = z.readAllBytes();
        } catch (IOException e) {
            throw new MseedFormatException(0, "corrupt zstd frame: " + e.getMessage());
        }
        if (bytes.length % 4 != 0) {
            throw new MseedFormatException(bytes.length - bytes.length % 4, "zstd chunk ends inside a sample ("
                    + bytes.length + " bytes is not a whole number of Int32 samples)");
        }
        int[] samples = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(samples);
        return samples;
    }

    /** The gaps of the manifest entry naming {@code file} (any size list holds it once), as epoch ns pairs. */
    private static List<long[]> gapsOf(String json, String file) {
        List<long[]> gaps = new ArrayList<>();
        int at = json.indexOf("\"" + file + "\"");
        if (at < 0) {
            return gaps;
        }
        int open = json.indexOf("\"gaps\"", at);
        int close = open < 0 ? -1 : json.indexOf(']', open);
        int nextEntry = json.indexOf("\"file\"", at + file.length() + 2);
        if (open < 0 || close < 0 || (nextEntry >= 0 && nextEntry < open)) {
            return gaps;
        }
        Matcher m = INSTANT.matcher(json.substring(open, close));
        long start = 0;
        while (m.find()) {
            long nanos = Instant.parse(m.group(2)).getEpochSecond() * 1_000_000_000L
                    + Instant.parse(m.group(2)).getNano();
            if (m.group(1).equals("start")) {
                start = nanos;
            } else {
                gaps.add(new long[] {start, nanos});
            }
        }
        return gaps;
    }
}
