package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.waveform.format.DatFormat;
import org.audifleet.waveform.format.JsonFormat;
import org.audifleet.waveform.format.Scaling;
import org.audifleet.waveform.format.WaveformData;
import org.audifleet.wire.Micros;
import org.audifleet.wire.MinMaxBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The waveform service over a real session: one hour of the demo store (with its 3-minute gap) requested on
 * playback.requests, fetched, decoded, and turned into pyramids, then read back over HTTP and from
 * waveform.minmax and checked against the origin's samples. Then the service is restarted and the same
 * session is rebuilt from audio.pcm.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WaveformFleetIntegrationTests {

    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final int SESSION_SAMPLES = 360_000;
    static final int GAP_FROM = 252_000;
    static final int GAP_TO = 270_000;
    static final int ZOOM = 256;

    @TempDir
    static Path store;
    static int[] origin;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;
    static UUID session;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startFleetAndRequestASession() throws Exception {
        DemoStoreWriter writer = new DemoStoreWriter().length(Duration.ofHours(1));
        writer.write(store);
        origin = new int[SESSION_SAMPLES];
        writer.seismogram().fill(origin, 0, SESSION_SAMPLES);
        server = new ChunkStoreServer(store, 0);
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri()).startAll();

        session = UUID.randomUUID();
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        try (KafkaProducer<String, PlaybackRequest> producer = new KafkaProducer<>(props, new StringSerializer(),
                new WireSerdes.PlaybackRequestSerde())) {
            producer.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, session.toString(),
                    new PlaybackRequest(session, "demo", writer.stream(), Micros.of(START),
                            Micros.of(START.plus(Duration.ofHours(1))), Micros.now()))).get();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !status.contains("\"complete\":true")) {
            Thread.sleep(200);
            HttpResponse<String> r = get("/sessions/" + session, HttpResponse.BodyHandlers.ofString());
            status = r.statusCode() == 200 ? r.body() : "";
        }
        assertThat(status).as("session status").contains("\"complete\":true").contains("\"samples\":" + SESSION_SAMPLES);
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    static <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.port(Fleet.Service.WAVEFORM)
                + path)).header("Origin", "http://127.0.0.1:9999").timeout(Duration.ofSeconds(60)).build(), body);
    }

    static byte[] bytes(String path) throws Exception {
        HttpResponse<byte[]> r = get(path, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET %s: %s", path, new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    static long peak() throws Exception {
        String status = new String(bytes("/sessions/" + session), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"peak\":(\\d+)").matcher(status);
        assertThat(m.find()).as("peak in %s", status).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Min and max of the origin's samples in each bucket; {@code min > max} inside the gap. */
    static int[][] bruteForce(int zoom) {
        int n = (SESSION_SAMPLES + zoom - 1) / zoom;
        int[][] mm = new int[2][n];
        for (int b = 0; b < n; b++) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int i = b * zoom; i < Math.min(SESSION_SAMPLES, (b + 1) * zoom); i++) {
                if (i < GAP_FROM || i >= GAP_TO) {
                    lo = Math.min(lo, origin[i]);
                    hi = Math.max(hi, origin[i]);
                }
            }
            mm[0][b] = lo;
            mm[1][b] = hi;
        }
        return mm;
    }

    @Test
    void whatABrowserAsksForByDefaultIsAn8BitVersion2DatWithCors() throws Exception {
        HttpResponse<byte[]> r = get("/sessions/" + session + "/waveform.dat", HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        ByteBuffer header = ByteBuffer.wrap(r.body()).order(ByteOrder.LITTLE_ENDIAN);
        int length = (SESSION_SAMPLES + 511) / 512;
        assertThat(header.getInt(0)).as("version").isEqualTo(2);
        assertThat(header.getInt(4)).as("flags: 8-bit").isEqualTo(1);
        assertThat(header.getInt(8)).as("sample rate").isEqualTo(100);
        assertThat(header.getInt(12)).as("samples per pixel").isEqualTo(512);
        assertThat(header.getInt(16)).as("length").isEqualTo(length);
        assertThat(header.getInt(20)).as("channels").isEqualTo(1);
        assertThat(r.body()).hasSize(24 + 2 * length);

        WaveformData dat = DatFormat.fromBytes(r.body());
        String json = new String(bytes("/sessions/" + session + "/waveform.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"version\":2", "\"channels\":1", "\"sample_rate\":100",
                "\"samples_per_pixel\":512", "\"bits\":8", "\"length\":" + length);
        assertThat(JsonFormat.fromJson(json).data()).containsExactly(dat.data());

        // The header rate can follow the 441x playback so peaks.js's time axis matches the audio.
        assertThat(DatFormat.fromBytes(bytes("/sessions/" + session + "/waveform.dat?rate=44100")).sampleRate())
                .isEqualTo(44100);
    }

    @Test
    void httpMinMaxAt16BitsIsTheOriginBruteForceScaledByThePeak() throws Exception {
        int[][] expected = bruteForce(ZOOM);
        long peak = peak();
        long maxAbs = 0;
        for (int i = 0; i < SESSION_SAMPLES; i++) {
            maxAbs = Math.max(maxAbs, Math.abs((long) origin[i]));
        }
        assertThat(peak).as("peak").isGreaterThanOrEqualTo(maxAbs);
        Scaling scaling = Scaling.peak(peak, 16);
        WaveformData dat = DatFormat.fromBytes(bytes("/sessions/" + session + "/waveform.dat?zoom=" + ZOOM + "&bits=16"));
        assertThat(dat.length()).isEqualTo((SESSION_SAMPLES + ZOOM - 1) / ZOOM);
        assertThat(dat.bits()).isEqualTo(16);
        int gapBuckets = 0;
        for (int b = 0; b < dat.length(); b++) {
            boolean empty = expected[0][b] > expected[1][b];
            gapBuckets += empty ? 1 : 0;
            assertThat(dat.min(b, 0)).as("min of bucket %d", b).isEqualTo(empty ? 0 : scaling.apply(expected[0][b]));
            assertThat(dat.max(b, 0)).as("max of bucket %d", b).isEqualTo(empty ? 0 : scaling.apply(expected[1][b]));
        }
        assertThat(gapBuckets).isEqualTo((GAP_TO - GAP_FROM) / ZOOM - 1);
    }

    @Test
    void minMaxBlocksOnTheTopicAreTheOriginBruteForceInCounts() throws Exception {
        int[][] expected = bruteForce(ZOOM);
        int[] mins = new int[expected[0].length];
        int[] maxs = new int[expected[0].length];
        boolean[] seen = new boolean[mins.length];
        boolean processedSeen = false;
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "minmax-reader-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, MinMaxBlock> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new WireSerdes.MinMaxBlockSerde())) {
            consumer.subscribe(List.of(Topics.WAVEFORM_MINMAX));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int count = 0;
            while (count < mins.length && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, MinMaxBlock> r : consumer.poll(Duration.ofMillis(200))) {
                    MinMaxBlock m = r.value();
                    if (!m.sessionId().equals(session)) {
                        continue;
                    }
                    assertThat(r.key()).isEqualTo(session.toString());
                    assertThat(m.sessionStartMicros()).isEqualTo(Micros.of(START));
                    processedSeen |= m.detrended();
                    if (m.samplesPerBucket() != ZOOM || m.detrended()) {
                        continue;
                    }
                    for (int i = 0; i < m.bucketCount(); i++) {
                        int b = (int) m.firstBucket() + i;
                        assertThat(seen[b]).as("bucket %d published once", b).isFalse();
                        seen[b] = true;
                        count++;
                        mins[b] = m.mins()[i];
                        maxs[b] = m.maxs()[i];
                    }
                }
            }
        }
        assertThat(mins).containsExactly(expected[0]);
        assertThat(maxs).containsExactly(expected[1]);
        assertThat(processedSeen).as("processed buckets published too").isTrue();
    }

    @Test
    void pngIsAnImageOfTheAskedSizeAndProcessedTraceIsServed() throws Exception {
        HttpResponse<byte[]> r = get("/sessions/" + session + "/waveform.png?width=640&height=160",
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(160);

        WaveformData raw = DatFormat.fromBytes(bytes("/sessions/" + session + "/waveform.dat?zoom=4096&bits=16"));
        WaveformData processed = DatFormat.fromBytes(
                bytes("/sessions/" + session + "/waveform.dat?zoom=4096&bits=16&processed=true"));
        assertThat(processed.length()).isEqualTo(raw.length()).isEqualTo((SESSION_SAMPLES + 4095) / 4096);
        assertThat(processed.data()).isNotEqualTo(raw.data());
        assertThat(ImageIO.read(new ByteArrayInputStream(bytes("/sessions/" + session
                + "/waveform.png?processed=true&zoom=1024&width=300&height=100"))).getWidth()).isEqualTo(300);
    }

    @Test
    void unknownSessionIs404AndUnknownZoomIs400() throws Exception {
        assertThat(get("/sessions/" + UUID.randomUUID() + "/waveform.dat", HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(404);
        assertThat(get("/sessions/" + UUID.randomUUID(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(404);
        assertThat(get("/sessions/" + session + "/waveform.dat?zoom=300", HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(400);
        assertThat(get("/sessions/" + session + "/waveform.json?bits=12", HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(400);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aRestartedServiceRebuildsTheSessionFromAudioPcm() throws Exception {
        List<byte[]> before = new ArrayList<>();
        for (String q : List.of("waveform.dat", "waveform.dat?zoom=16&bits=16", "waveform.json?processed=true")) {
            before.add(bytes("/sessions/" + session + "/" + q));
        }
        fleet.stop(Fleet.Service.WAVEFORM);
        fleet.start(Fleet.Service.WAVEFORM);
        List<byte[]> after = new ArrayList<>();
        for (String q : List.of("waveform.dat", "waveform.dat?zoom=16&bits=16", "waveform.json?processed=true")) {
            after.add(bytes("/sessions/" + session + "/" + q));
        }
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).as("response %d after the restart", i).isEqualTo(before.get(i));
        }
        assertThat(new String(bytes("/sessions/" + session), StandardCharsets.UTF_8)).contains("\"complete\":true");
    }
}
