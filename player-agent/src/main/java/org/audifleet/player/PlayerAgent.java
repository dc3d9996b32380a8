package org.audifleet.player;

/** Entry point of the station CLI. */
public final class PlayerAgent {

    public static void main(String[] args) {
        System.out.println("player-agent: not built yet");
    }
}
