package org.audifleet.player.sync;

/**
 * One time exchange with the fleet's time reference, NTP style, all in nanoseconds: {@code t1} the station sends
 * (its clock), {@code t2} the reference receives and {@code t3} it answers (the reference's clock), {@code t4} the
 * station receives (its clock). The offset is exact when the two directions take equally long; otherwise it is off
 * by half their difference, at most half the {@link #delay()}.
 */
record Exchange(long t1, long t2, long t3, long t4) {

    Exchange {
        if (t4 < t1 || t3 < t2) {
            throw new IllegalArgumentException("exchange times out of order: t1=" + t1 + " t2=" + t2 + " t3=" + t3
                    + " t4=" + t4);
        }
    }

    /** Reference clock minus station clock, as this exchange sees it. */
    long offset() {
        return ((t2 - t1) + (t3 - t4)) / 2;
    }

    /** Time on the wire both ways: the round trip less the reference's turn-around. */
    long delay() {
        return Math.max(0, (t4 - t1) - (t3 - t2));
    }

    /** Station time halfway through the exchange: where on the station's clock {@link #offset()} holds. */
    long midpoint() {
        return t1 + (t4 - t1) / 2;
    }
}
