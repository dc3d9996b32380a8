package org.audifleet.fetcher.origin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** An origin that is a local folder ({@code file:/data/store}); a missing file is "no data". */
final class FolderTransport implements Transport {

    private final Path root;

    FolderTransport(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<byte[]> get(String relativePath, long maxBytes) throws OriginException {
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root)) {
            throw new OriginException("path " + relativePath + " leaves the origin folder " + root);
        }
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new OriginLimitException("reading " + file + " refused: " + size + " bytes, over its cap of "
                        + maxBytes, OriginLimitException.Limit.BODY_SIZE);
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new OriginException("reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Body> getRange(String relativePath, long first, long end, long wholeMaxBytes)
            throws OriginException {
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root)) {
            throw new OriginException("path " + relativePath + " leaves the origin folder " + root);
        }
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
            if (end > in.size() || first >= end) {
                // Not the file the manifest describes: read it whole, as an origin without ranges answers.
                return get(relativePath, wholeMaxBytes).map(b -> new Body(b, false));
            }
            java.nio.ByteBuffer part = java.nio.ByteBuffer.allocate(Math.toIntExact(end - first));
            while (part.hasRemaining()) {
                if (in.read(part, first + part.position()) < 0) {
                    throw new IOException("the file ended at byte " + (first + part.position()) + " while read");
                }
            }
            return Optional.of(new Body(part.array(), true));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new OriginException("reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(String relativePath) {
        return root.resolve(relativePath).toString();
    }
}
