package org.audifleet.decoder.decode;

/**
 * What was wrong with a chunk that still played, in part or whole: {@code reason} says what and what became of
 * the window (a zstd frame cut at {@code gridOffset}, the rest a gap; damaged miniSEED from {@code gridOffset}; a
 * frame bigger than its chunk, whose window played up to {@code gridOffset}, its end).
 */
public record ChunkDefect(String reason, long gridOffset) {
}
