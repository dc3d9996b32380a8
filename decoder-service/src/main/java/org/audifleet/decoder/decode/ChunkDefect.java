package org.audifleet.decoder.decode;

/**
 * What was wrong with a chunk that could still be partly played: the samples before {@code
 * gridOffset} were emitted, the rest of the chunk's window went out as a gap.
 */
public record ChunkDefect(String reason, long gridOffset) {
}
