package org.audifleet.wire;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A seismic stream, written as FDSN does: {@code NET.STA.LOC.CHA}, where LOC may be empty
 * ({@code XX.DEMO..HHZ}).
 */
public record StreamId(String network, String station, String location, String channel) {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,8}");
    private static final Pattern LOCATION = Pattern.compile("[A-Z0-9]{0,8}");

    public StreamId {
        check("network", network, CODE);
        check("station", station, CODE);
        check("location", location, LOCATION);
        check("channel", channel, CODE);
    }

    public static StreamId parse(String text) {
        String[] parts = text.toUpperCase(Locale.ROOT).split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(
                    "stream '" + text + "' is not NET.STA.LOC.CHA (use XX.STA..HHZ for a blank location)");
        }
        return new StreamId(parts[0], parts[1], parts[2], parts[3]);
    }

    private static void check(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("bad " + what + " code '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return network + "." + station + "." + location + "." + channel;
    }
}
