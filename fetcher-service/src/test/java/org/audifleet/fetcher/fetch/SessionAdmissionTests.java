package org.audifleet.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.fetcher.origin.Origins;
import org.audifleet.fetcher.origin.OriginsProperties;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus.Reason;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** What the fetcher refuses before fetching anything, and the reason it gives. */
class SessionAdmissionTests {

    private static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private static final ExecutorService PLANNERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-planner");
        t.setDaemon(true);
        return t;
    });

    @TempDir
    Path emptyStore;

    private SessionAdmission admission(Map<String, String> properties) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(properties);
        OriginsProperties origins = new Binder(source).bind("audifleet", OriginsProperties.class).get();
        return new SessionAdmission(new Origins(origins), bindFetch(properties), PLANNERS);
    }

    private static FetchProperties bindFetch(Map<String, String> properties) {
        ValidationBindHandler validation = new ValidationBindHandler(
                new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("audifleet.fetch", Bindable.of(FetchProperties.class), validation);
    }

    private SessionAdmission storeAdmission() {
        return admission(Map.of("audifleet.origins.store.kind", "chunk-store", "audifleet.origins.store.url",
                emptyStore.toUri().toString()));
    }

    private static PlaybackRequest request(String origin, Duration length) {
        return new PlaybackRequest(UUID.randomUUID(), origin, STREAM, Micros.of(START), Micros.of(START.plus(length)),
                Micros.now());
    }

    @Test
    void anUnknownOriginIsRejectedNamingTheOriginsThisFetcherKnows() {
        assertThatThrownBy(() -> storeAdmission().admit(request("nowhere", Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(SessionRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ORIGIN);
                    assertThat(e.getMessage()).contains("unknown origin 'nowhere'").contains("store");
                });
    }

    @Test
    void aWindowLongerThanTheLimitIsRejectedBeforeTheOriginIsAsked() {
        assertThatThrownBy(() -> storeAdmission().admit(request("store", Duration.ofHours(25))))
                .isInstanceOfSatisfying(SessionRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WINDOW_TOO_LONG);
                    assertThat(e.getMessage()).startsWith("window too long: 25 h").contains("limit of 24 h")
                            .contains("audifleet.fetch.max-window");
                });
        SessionAdmission shorter = admission(Map.of("audifleet.origins.store.kind", "chunk-store",
                "audifleet.origins.store.url", emptyStore.toUri().toString(), "audifleet.fetch.max-window", "90m"));
        assertThatThrownBy(() -> shorter.admit(request("store", Duration.ofMinutes(91))))
                .isInstanceOfSatisfying(SessionRejected.class,
                        e -> assertThat(e.getMessage()).contains("1 h 31 min").contains("limit of 1 h 30 min"));
    }

    @Test
    void rawWindowsOfTenYearsOrEndingInTheYear9999AreRejectedAsTooLong() {
        for (PlaybackRequest raw : new PlaybackRequest[] {request("store", Duration.ofDays(3650)),
                new PlaybackRequest(UUID.randomUUID(), "store", STREAM, Micros.of(START),
                        Micros.of(Instant.parse("9999-12-31T23:59:59Z")), 0L)}) {
            assertThatThrownBy(() -> storeAdmission().admit(raw)).isInstanceOfSatisfying(SessionRejected.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.WINDOW_TOO_LONG));
        }
    }

    @Test
    void aWindowWhoseLengthOverflowsALongIsRejectedAsTooLongNotPlanned() {
        // end - start in µs overflows to -1: read as a length, it passed the limit and planning went day by day
        // from 292 000 years BC.
        PlaybackRequest overflowing = new PlaybackRequest(UUID.randomUUID(), "store", STREAM, Long.MIN_VALUE,
                Long.MAX_VALUE, 0L);
        assertThatThrownBy(() -> storeAdmission().admit(overflowing)).isInstanceOfSatisfying(SessionRejected.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WINDOW_TOO_LONG);
                    assertThat(e.getMessage()).startsWith("window too long: ").contains("limit of 24 h");
                });
    }

    @Test
    void aChunkStoreWithNoManifestForAnyDayOfTheWindowRefusesIt() {
        assertThatThrownBy(() -> storeAdmission().admit(request("store", Duration.ofHours(24))))
                .isInstanceOfSatisfying(SessionRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WINDOW_OUTSIDE_DATA);
                    assertThat(e.getMessage()).contains("no manifest of XX.DEMO..HHZ for 2024-01-01")
                            .doesNotContain("to 2024");
                });
        PlaybackRequest overMidnight = new PlaybackRequest(UUID.randomUUID(), "store", STREAM,
                Micros.of(START.plus(Duration.ofHours(23))), Micros.of(START.plus(Duration.ofHours(25))), 0L);
        assertThatThrownBy(() -> storeAdmission().admit(overMidnight)).isInstanceOfSatisfying(SessionRejected.class,
                e -> assertThat(e.getMessage()).contains("for 2024-01-01 to 2024-01-02"));
    }

    @Test
    void requestsRefusedOnSightAreRefusedByTheCheckAndOthersOnlyWhenTheOriginIsAsked() {
        SessionAdmission admission = storeAdmission();
        assertThatThrownBy(() -> admission.check(request("nowhere", Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(SessionRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ORIGIN));
        assertThatThrownBy(() -> admission.check(request("store", Duration.ofHours(25))))
                .isInstanceOfSatisfying(SessionRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WINDOW_TOO_LONG));
        // The empty store has no manifest: the check passes (the station is then told RECEIVED), planning refuses.
        PlaybackRequest outside = request("store", Duration.ofMinutes(10));
        var origin = admission.check(outside);
        assertThat(admission.maxPlanningTime()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> admission.plan(origin, outside, System.nanoTime()))
                .isInstanceOfSatisfying(SessionRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WINDOW_OUTSIDE_DATA));
    }

    @Test
    void aRequestThatWaitedPastThePlanningDeadlineForASessionSlotIsTooSlowWithoutAskingTheOrigin() {
        SessionAdmission admission = storeAdmission();
        PlaybackRequest request = request("store", Duration.ofMinutes(10));
        var origin = admission.check(request);
        long receivedElevenSecondsAgo = System.nanoTime() - Duration.ofSeconds(11).toNanos();
        assertThatThrownBy(() -> admission.plan(origin, request, receivedElevenSecondsAgo))
                .isInstanceOfSatisfying(SessionRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PLANNING_TOO_SLOW);
                    assertThat(e.getMessage()).matches("planning could not start within 10 s "
                            + "\\(audifleet.fetch.max-planning-time\\): the request waited 11(\\.\\d+)? s for a free"
                            + " session slot \\(audifleet.fetch.max-sessions\\)");
                });
    }

    @Test
    void aManifestTheOriginCannotDeliverRejectsThePlanAsFailedWithTheOriginsWords() throws Exception {
        Path manifest = emptyStore.resolve(ChunkStoreLayout.manifestPath(STREAM, LocalDate.of(2024, 1, 1)));
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, "{ not json");
        assertThatThrownBy(() -> storeAdmission().admit(request("store", Duration.ofMinutes(10))))
                .isInstanceOfSatisfying(SessionRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PLANNING_FAILED);
                    assertThat(e.getMessage()).startsWith("planning failed: origin store: manifest ")
                            .contains("2024/01/01/XX/DEMO/--/HHZ/manifest.json is unreadable");
                });
    }

    @Test
    void theWindowLimitDefaultsTo24HoursAndMustBePositive() {
        assertThat(bindFetch(Map.of()).maxWindow()).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> bindFetch(Map.of("audifleet.fetch.max-window", "0s")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void thePlanningDeadlineDefaultsTo10SecondsAndIsAtLeast100Milliseconds() {
        assertThat(bindFetch(Map.of()).maxPlanningTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bindFetch(Map.of("audifleet.fetch.max-planning-time", "100ms")).maxPlanningTime())
                .isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> bindFetch(Map.of("audifleet.fetch.max-planning-time", "99ms")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void windowsAreDescribedAsPeopleWriteThem() {
        assertThat(SessionAdmission.describe(Duration.ofHours(25))).isEqualTo("25 h");
        assertThat(SessionAdmission.describe(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(SessionAdmission.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(SessionAdmission.describe(Duration.ofHours(24).plusMillis(1500))).isEqualTo("24 h 1.5 s");
        assertThat(SessionAdmission.describe(Duration.ofSeconds(60))).isEqualTo("1 min");
        assertThat(SessionAdmission.describe(Duration.ZERO)).isEqualTo("0 s");
    }
}
