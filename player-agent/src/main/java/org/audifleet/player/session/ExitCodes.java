package org.audifleet.player.session;

/** The player agent's exit codes, as documented in its README and {@code --help}. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int BROKER_UNREACHABLE = 3;
    public static final int FLEET_NOT_READY = 4;
    public static final int NO_AUDIO = 5;
    public static final int OUTPUT_FAILED = 6;
    /** The broker answered but refused the station: authentication (SASL, TLS) failed, or an ACL denies it. */
    public static final int BROKER_REFUSED = 7;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** For picocli's exception mapper: a bad command line is {@link #USAGE}, anything else {@link #FAILED}. */
    public static int of(Throwable e) {
        return e instanceof picocli.CommandLine.ParameterException ? USAGE : FAILED;
    }
}
