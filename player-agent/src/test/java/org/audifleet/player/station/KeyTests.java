package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTests {

    private static List<Key> decode(String typed) {
        Key.Decoder decoder = new Key.Decoder();
        List<Key> keys = new ArrayList<>();
        for (char c : typed.toCharArray()) {
            Key k = decoder.feed(c);
            if (k != null) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Test
    void lettersAndArrowSequencesBecomeKeys() {
        assertThat(decode(" \033[D\033[C\033[A\033[B+-=_lLqh"))
                .containsExactly(Key.PAUSE_RESUME, Key.SEEK_BACK, Key.SEEK_FORWARD, Key.VOLUME_UP, Key.VOLUME_DOWN,
                        Key.FASTER, Key.SLOWER, Key.FASTER, Key.SLOWER, Key.LOOP_HERE, Key.CLEAR_LOOP, Key.QUIT,
                        Key.HELP);
        assertThat(decode("\033OC")).containsExactly(Key.SEEK_FORWARD);
    }

    @Test
    void unknownBytesAndSequencesAreDropped() {
        assertThat(decode("xyz\033[5~ \033\033[Z")).containsExactly(Key.PAUSE_RESUME);
    }
}
