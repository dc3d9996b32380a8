package org.audifleet.waveform.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.audifleet.waveform.WaveformApplication;
import org.audifleet.wire.PcmBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service's HTTP limits over real HTTP on a loopback port: the application as it ships, its session fed the
 * way the listener feeds it. Kafka is not needed to answer HTTP: the listener does not start and rebuilds are off.
 */
class WaveformHttpLimitsIntegrationTests {

    private static ConfigurableApplicationContext app;
    private static URI base;
    private static final UUID SESSION = UUID.randomUUID();
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        System.setProperty("java.awt.headless", "true");
        // Command-line arguments: they win over the service's own files (default properties would not).
        app = WaveformApplication.application().run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                // No broker: nothing here consumes, creates topics or waits for one.
                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                "--spring.kafka.listener.auto-startup=false",
                "--spring.kafka.admin.auto-create=false",
                "--spring.kafka.producer.properties.max.block.ms=500",
                "--audifleet.waveform.rebuild.enabled=false",
                "--audifleet.waveform.http.max-points=100",
                "--audifleet.waveform.http.max-concurrent-renders=1",
                "--audifleet.waveform.http.render-wait=200ms");
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/");
        SessionWaveforms sessions = app.getBean(SessionWaveforms.class);
        for (PcmBlock block : SessionWaveformsTests.blocks(SESSION, 4)) { // 2048 samples
            sessions.accept(block);
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve("sessions/" + SESSION + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aPngOverThePixelBudgetIs400WithTheReasonAndANormalPngStillRenders() throws Exception {
        // Inside the 1..16384 side limits, but a 1 GiB raster: this threw OutOfMemoryError in the renderer.
        HttpResponse<byte[]> huge = get("/waveform.png?zoom=16&width=16384&height=16384");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(text(huge)).contains("16384 x 16384 = 268435456 pixels is over the image budget of 4194304 pixels");

        HttpResponse<byte[]> normal = get("/waveform.png?zoom=16&width=1200&height=240");
        assertThat(normal.statusCode()).isEqualTo(200);
        assertThat(normal.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(normal.body()));
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(240);
    }

    @Test
    void datAndJsonOverThePointBudgetAre400NamingAZoomThatFits() throws Exception {
        for (String format : new String[] {"dat", "json"}) {
            HttpResponse<byte[]> over = get("/waveform." + format + "?zoom=16&bits=16");
            assertThat(over.statusCode()).isEqualTo(400);
            assertThat(text(over)).contains("zoom 16 of session " + SESSION + " is 128 points, over the budget of 100"
                    + " per response").contains("zoom 32 or coarser fits");
            assertThat(get("/waveform." + format + "?zoom=32&bits=16").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whileEveryRenderSlotIsBusyAResponseWaitsThenGets503WithRetryAfter() throws Exception {
        RenderSlots slots = app.getBean(RenderSlots.class);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            try {
                slots.run(() -> {
                    held.countDown();
                    try {
                        return release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return false;
                    }
                });
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        busy.start();
        try {
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            HttpResponse<byte[]> refused = get("/waveform.png?zoom=16&width=100&height=50");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(text(refused)).contains("render slots stayed busy for 200 ms");
        } finally {
            release.countDown();
            busy.join();
        }
        assertThat(get("/waveform.dat?zoom=256").statusCode()).isEqualTo(200);
    }

    @Test
    void theSpectrogramIsServedAsPngAndJsonWithinTheSameBudgets() throws Exception {
        HttpResponse<byte[]> huge = get("/spectrogram.png?width=16384&height=16384");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(text(huge)).contains("over the image budget of 4194304 pixels");

        HttpResponse<byte[]> png = get("/spectrogram.png?width=300&height=100&scale=sqrt");
        assertThat(png.statusCode()).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(100);

        // 2048 samples at 100 Hz are one column of 1025 bins: over max-points 100, and max-hz says how to fit.
        HttpResponse<byte[]> all = get("/spectrogram.json");
        assertThat(all.statusCode()).isEqualTo(400);
        assertThat(text(all)).contains("1 columns x 1025 bins = 1025 values, over the budget of 100");
        HttpResponse<byte[]> cut = get("/spectrogram.json?max-hz=1&scale=linear");
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(text(cut)).startsWith("{\"version\":1,").contains("\"window\":2048", "\"bins\":21",
                "\"columns\":1", "\"scale\":\"linear\"");

        assertThat(get("/spectrogram.json?scale=loud").statusCode()).isEqualTo(400);
        assertThat(get("/spectrogram.json?max-hz=0").statusCode()).isEqualTo(400);
    }
}
