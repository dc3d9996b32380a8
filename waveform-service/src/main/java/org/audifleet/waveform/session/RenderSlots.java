package org.audifleet.waveform.session;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * At most {@code max-concurrent-renders} responses are built at once, so memory for them stays bounded however
 * many requests arrive. A request waits for a slot at most {@code render-wait} (a short burst, e.g. a page
 * loading a few waveforms, is queued, not refused), then gets {@code 503} with {@code Retry-After}.
 */
@Component
class RenderSlots {

    private final Semaphore slots;
    private final HttpProperties properties;

    RenderSlots(HttpProperties properties) {
        this.slots = new Semaphore(properties.maxConcurrentRenders(), true);
        this.properties = properties;
    }

    interface Render<T> {
        T run() throws IOException;
    }

    <T> T run(Render<T> render) throws IOException {
        try {
            if (!slots.tryAcquire(properties.renderWait().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new RendersBusyException("all " + properties.maxConcurrentRenders()
                        + " render slots stayed busy for " + properties.renderWait().toMillis() + " ms; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RendersBusyException("interrupted while waiting for a render slot");
        }
        try {
            return render.run();
        } finally {
            slots.release();
        }
    }

    /** Answered {@code 503 Retry-After: 1}: the service is busy, not broken. */
    static final class RendersBusyException extends RuntimeException {
        RendersBusyException(String message) {
            super(message);
        }
    }
}
