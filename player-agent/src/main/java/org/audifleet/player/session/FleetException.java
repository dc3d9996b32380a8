package org.audifleet.player.session;

/** A session could not be played; {@code exitCode} is what the CLI exits with (see {@link ExitCodes}). */
public class FleetException extends Exception {

    private final int exitCode;

    public FleetException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
