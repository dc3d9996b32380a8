package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StartPositionTests {

    private final FakeTransport transport = new FakeTransport();
    private final StationControls controls = new StationControls(transport,
            new SessionClock(Instant.parse("2024-01-01T00:00:00Z"), 100.0, 441), Duration.ofSeconds(1), () -> { });
    private final List<String> notes = new CopyOnWriteArrayList<>();

    @Test
    void aFileGetsItsSeekAtOnceAndPlaysFromThereWhenItArrives() {
        StartPosition.applyOnceArrived(controls, DataPosition.parse("30:00"), null, true, notes::add);
        assertThat(transport.calls).containsExactly("seek 180000");
        assertThat(notes).containsExactly("seek 00:30:00 (plays from there once it arrives)");
    }

    @Test
    void aDeviceSeeksAndLoopsOnceThePositionsHaveArrived() throws Exception {
        StartPosition.applyOnceArrived(controls, DataPosition.parse("12:00"),
                List.of(DataPosition.parse("10:00"), DataPosition.parse("14:00")), false, notes::add);
        Thread.sleep(100);
        assertThat(transport.calls).as("nothing has arrived").isEmpty();
        transport.available = 200_000;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (notes.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(transport.calls).containsExactly("loop 60000 84000", "seek 72000");
        assertThat(notes).containsExactly("loop 00:10:00–00:14:00", "seek 00:12:00");
    }
}
