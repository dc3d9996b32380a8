package org.audifleet.player.station;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.engine.SoundFilters;

/** A transport that records what it was told, for control tests without an engine thread. */
final class FakeTransport implements Transport {
    long position;
    long available;
    boolean complete;
    long prerollSamples = EngineSettings.defaults(100.0).prerollSamples();
    double speed = 1;
    double volume = 1;
    boolean paused;
    LoopRegion loop;
    SoundFilters filters = SoundFilters.DEFAULT;
    /** When set, a seek stays pending until {@link #playPeriod()}, as the engine's render thread has it. */
    boolean seeksLag;
    Long pending;
    final List<String> calls = new ArrayList<>();

    @Override
    public long position() {
        return position;
    }

    @Override
    public long available() {
        return available;
    }

    @Override
    public boolean complete() {
        return complete;
    }

    @Override
    public long prerollSamples() {
        return prerollSamples;
    }

    @Override
    public double speed() {
        return speed;
    }

    @Override
    public void setSpeed(double multiplier) {
        speed = multiplier;
        calls.add("speed " + multiplier);
    }

    @Override
    public double volume() {
        return volume;
    }

    @Override
    public void setVolume(double v) {
        volume = v;
        calls.add("volume " + v);
    }

    @Override
    public boolean paused() {
        return paused;
    }

    @Override
    public void pause() {
        paused = true;
        calls.add("pause");
    }

    @Override
    public void resume() {
        paused = false;
        calls.add("resume");
    }

    @Override
    public void seek(long sample) {
        if (loop != null && !loop.contains(sample)) {
            loop = null; // as the engine does
        }
        if (seeksLag) {
            pending = sample;
        } else {
            position = sample;
        }
        calls.add("seek " + sample);
    }

    @Override
    public OptionalLong pendingSeek() {
        return pending == null ? OptionalLong.empty() : OptionalLong.of(pending);
    }

    /** What the render thread does for a lagging seek: the position takes it, nothing stays pending. */
    void playPeriod() {
        if (pending != null) {
            position = pending;
            pending = null;
        }
    }

    @Override
    public void setLoop(long from, long to) {
        loop = new LoopRegion(from, to);
        calls.add("loop " + from + " " + to);
    }

    @Override
    public void clearLoop() {
        loop = null;
        calls.add("clear-loop");
    }

    @Override
    public LoopRegion loop() {
        return loop;
    }

    @Override
    public SoundFilters filters() {
        return filters;
    }

    @Override
    public void setFilters(SoundFilters f) {
        filters = f;
        calls.add("filters " + f.highPassHz() + " " + f.dc() + " " + f.normalize());
    }
}
