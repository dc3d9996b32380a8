package org.audifleet.fetcher.origin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as it streams in, one buffer list at a time, and abandoned (subscription cancelled, so
 * the client closes the connection) as soon as it passes its cap: memory stays within the cap whatever the
 * origin sends. A body that declares a longer {@code Content-Length} is refused before a byte is read.
 * Bodies that are not kept (error answers) are drained up to the cap and then dropped, not refused.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** What error answers may carry before they are cut off: enough for a service's explanation. */
    static final long DISCARDED_BODY_CAP = 64 * 1024;
    private static final int FIRST_BUFFER = 8 * 1024;
    private static final byte[] NONE = new byte[0];

    private final long cap;
    private final boolean keep;
    private final ByteArrayOutputStream bytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private long received;

    private CappedBody(long cap, boolean keep, OptionalLong declaredLength) {
        this.cap = cap;
        this.keep = keep;
        long declared = declaredLength.orElse(-1);
        if (keep && declared > cap) {
            result.completeExceptionally(new TooLarge(cap, "declares Content-Length " + declared));
        }
        this.bytes = keep ? new ByteArrayOutputStream((int) Math.min(cap, declared >= 0 ? declared : FIRST_BUFFER))
                : null;
    }

    /** The body, at most {@code cap} bytes of it; longer fails with {@link TooLarge}. */
    static CappedBody kept(long cap, HttpResponse.ResponseInfo info) {
        return new CappedBody(cap, true, info.headers().firstValueAsLong("Content-Length"));
    }

    /** No body: an answer whose status says all; drained while short (the connection stays reusable). */
    static CappedBody discarded() {
        return new CappedBody(DISCARDED_BODY_CAP, false, OptionalLong.empty());
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
        }
        if (received > cap) {
            subscription.cancel();
            if (keep) {
                result.completeExceptionally(new TooLarge(cap, "went on past it"));
            } else {
                result.complete(NONE);
            }
            return;
        }
        if (keep) {
            for (ByteBuffer b : items) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(keep ? bytes.toByteArray() : NONE);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** The deadline passed: stop reading now (a drip must not hold the connection or the thread). */
    void abandon(String why) {
        result.completeExceptionally(new HttpTimeoutException(why));
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** A body over its cap; the message names the cap and how the body broke it. */
    static final class TooLarge extends IOException {
        TooLarge(long cap, String how) {
            super("body over its cap of " + cap + " bytes (" + how + "), abandoned there");
        }
    }
}
