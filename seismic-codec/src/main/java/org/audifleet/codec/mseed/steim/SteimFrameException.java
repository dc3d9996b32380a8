package org.audifleet.codec.mseed.steim;

/** A word whose packing code is reserved: the frame is damaged or is not Steim2. */
public final class SteimFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int frame;
    private final int word;

    SteimFrameException(int frame, int word, String reason) {
        super(reason + " (frame " + frame + ", word " + word + ")");
        this.frame = frame;
        this.word = word;
    }

    /** Index of the frame in the payload, 0-based. */
    public int frame() {
        return frame;
    }

    /** Index of the word in its frame, 0-15. */
    public int word() {
        return word;
    }

    /** Byte offset of the bad word relative to the start of the payload. */
    public int payloadOffset() {
        return frame * SteimDecoder.FRAME_BYTES + word * 4;
    }
}
