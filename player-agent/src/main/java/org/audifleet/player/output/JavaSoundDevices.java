package org.audifleet.player.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/** What Java Sound offers here: the mixers that can play a station's line, and whether the default one opens. */
final class JavaSoundDevices {

    private JavaSoundDevices() {
    }

    /** Names of the mixers that can give a 16-bit mono output line. */
    static List<String> devices() {
        List<String> names = new ArrayList<>();
        Line.Info wanted = new Line.Info(SourceDataLine.class);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            try {
                if (AudioSystem.getMixer(info).isLineSupported(wanted)) {
                    names.add(info.getName());
                }
            } catch (RuntimeException e) {
                // a mixer that cannot even be queried is not one we can play on
            }
        }
        return names;
    }

    static Mixer.Info findMixer(String nameSubstring) {
        String wantedName = nameSubstring.toLowerCase(Locale.ROOT);
        Line.Info wanted = new Line.Info(SourceDataLine.class);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (info.getName().toLowerCase(Locale.ROOT).contains(wantedName)) {
                try {
                    if (AudioSystem.getMixer(info).isLineSupported(wanted)) {
                        return info;
                    }
                } catch (RuntimeException e) {
                    // keep looking
                }
            }
        }
        return null;
    }

    /** Null when a line of this format opens on the default device, else why not (one line). */
    static String probe(OutputFormat format) {
        AudioFormat af = JavaSoundOutput.audioFormat(format);
        try {
            SourceDataLine l = AudioSystem.getSourceDataLine(af);
            l.open(af, JavaSoundOutput.DEFAULT_LINE_BUFFER_BYTES);
            l.close();
            return null;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return why.replace('\n', ' ');
        }
    }
}
