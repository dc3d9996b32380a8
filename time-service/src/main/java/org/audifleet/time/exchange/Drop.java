package org.audifleet.time.exchange;

/** Why a datagram got no answer: the {@code reason} label of {@code audifleet_time_datagrams_dropped_total}. */
enum Drop {
    /** Not exactly {@link org.audifleet.wire.TimeExchange#SIZE} bytes: empty, truncated or oversized. */
    SIZE("size"),
    /** The right size but not an exchange: another magic or version, an unknown kind, impossible times. */
    FORMAT("format"),
    /** A well-formed reply: answering replies would let two services (or a spoofed one) loop forever. */
    NOT_A_REQUEST("not-a-request"),
    /** The answer could not be sent (the sender's address unreachable, a closed route). */
    SEND_FAILED("send-failed");

    final String label;

    Drop(String label) {
        this.label = label;
    }
}
