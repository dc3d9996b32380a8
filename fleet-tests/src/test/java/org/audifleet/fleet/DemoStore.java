package org.audifleet.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.audifleet.chunkstore.demo.DemoStoreWriter;

/** The demo chunk store as a test writes it, and the origin's samples from the store's start to check output by. */
record DemoStore(Path dir, int[] origin) {

    static DemoStore write(Path dir, Duration length, int originSamples) throws IOException {
        DemoStoreWriter writer = new DemoStoreWriter().length(length);
        writer.write(dir);
        int[] origin = new int[originSamples];
        writer.seismogram().fill(origin, 0, originSamples);
        return new DemoStore(dir, origin);
    }
}
