package org.audifleet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class WireFormatTests {

    private static final UUID SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");

    @Test
    void playbackRequestRoundTrips() {
        PlaybackRequest request = new PlaybackRequest(SESSION, "demo", STREAM, 1_000_000L, 3_601_000_000L, 42L);
        assertThat(PlaybackRequest.decode(request.encode())).isEqualTo(request);
    }

    @Test
    void chunkRecordRoundTripsWithGapsAndPayload() {
        ChunkRecord chunk = new ChunkRecord(SESSION, "demo", STREAM, 2, 5, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 123_456L, 100.0, 10, 600, new int[] {5, 7}, 999L, "http://x/y",
                new byte[] {1, 2, 3});
        ChunkRecord back = ChunkRecord.decode(chunk.encode());
        assertThat(back.gaps()).containsExactly(5, 7);
        assertThat(back.payload()).containsExactly(1, 2, 3);
        assertThat(back.skipSamples()).isEqualTo(10);
        assertThat(back.sampleCount()).isEqualTo(600);
        assertThat(back.peakCounts()).isEqualTo(999L);
        assertThat(back.source()).isEqualTo("http://x/y");
        assertThat(back.gridSamples()).as("a chunk built without its grid ends with its window").isEqualTo(610);
    }

    @Test
    void chunkRecordCarriesItsWholeGridAndRefusesAWindowBeyondIt() {
        ChunkRecord lastOfSession = new ChunkRecord(SESSION, "demo", STREAM, 4, 5, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, 6000, 360_000, null, 0L, "x", new byte[] {1});
        assertThat(ChunkRecord.decode(lastOfSession.encode()).gridSamples()).isEqualTo(360_000);
        assertThatThrownBy(() -> new ChunkRecord(SESSION, "demo", STREAM, 0, 1, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 100, 60_000, 60_000, null, 0L, "x", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window [100, 60100) reaches beyond the chunk's 60000 grid samples");
    }

    @Test
    void chunkRecordVersion3CarriesItsFragmentAndVersion2ReadsAsTheOnlyFragment() {
        ChunkRecord whole = new ChunkRecord(SESSION, "demo", STREAM, 1, 3, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 5L, 100.0, 0, 6000, 360_000, new int[] {10, 20}, 7L, "x",
                new byte[] {1, 2, 3, 4});
        ChunkRecord second = whole.fragment(1, 4, new byte[] {3});
        byte[] bytes = second.encode();
        assertThat(bytes[4]).as("version").isEqualTo((byte) 3);
        ChunkRecord back = ChunkRecord.decode(bytes);
        assertThat(back.fragmentIndex()).isEqualTo(1);
        assertThat(back.fragmentCount()).isEqualTo(4);
        assertThat(back.lastFragment()).isFalse();
        assertThat(back.payload()).containsExactly(3);
        assertThat(back.gaps()).containsExactly(10, 20);
        assertThat(back.gridSamples()).isEqualTo(360_000);
        assertThat(whole.fragmentCount()).as("built whole").isEqualTo(1);
        assertThat(whole.lastFragment()).isTrue();

        // A version 2 record (what a fetcher built before fragments sends): no fragment fields, read as 0 of 1.
        byte[] v3 = whole.encode();
        int fragmentFields = 5 + 3 + 16 + 2 + 4 + 2 + STREAM.toString().length() + 4 + 4 + 8 + 8 + 4 + 4 + 4;
        byte[] v2 = new byte[v3.length - 8];
        System.arraycopy(v3, 0, v2, 0, fragmentFields);
        System.arraycopy(v3, fragmentFields + 8, v2, fragmentFields, v3.length - fragmentFields - 8);
        v2[4] = 2;
        ChunkRecord old = ChunkRecord.decode(v2);
        assertThat(old.fragmentIndex()).isZero();
        assertThat(old.fragmentCount()).isEqualTo(1);
        assertThat(old.gaps()).containsExactly(10, 20);
        assertThat(old.payload()).containsExactly(1, 2, 3, 4);
        byte[] v1 = v2.clone();
        v1[4] = 1;
        assertThatThrownBy(() -> ChunkRecord.decode(v1)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("version 1 (this build reads 2 to 3)");
        assertThatThrownBy(() -> whole.fragment(4, 4, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fragment 4 of 4");
    }

    @Test
    void pcmBlockRoundTripsSamplesExactly() {
        int[] samples = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE};
        PcmBlock block = new PcmBlock(SESSION, STREAM, 1, 3, 4, true, PcmBlock.Kind.SAMPLES, 77L, 100.0, 5L, 5,
                samples);
        PcmBlock back = PcmBlock.decode(block.encode());
        assertThat(back.samples()).containsExactly(samples);
        assertThat(back.lastInChunk()).isTrue();
        assertThat(back.blockIndex()).isEqualTo(4);
        assertThat(back.peakCounts()).isEqualTo(5L);
    }

    @Test
    void gapBlockCarriesNoSamples() {
        PcmBlock gap = PcmBlock.gap(SESSION, STREAM, 0, 1, 0, true, 0L, 100.0, 0L, 18_000);
        byte[] bytes = gap.encode();
        PcmBlock back = PcmBlock.decode(bytes);
        assertThat(back.kind()).isEqualTo(PcmBlock.Kind.GAP);
        assertThat(back.sampleCount()).isEqualTo(18_000);
        assertThat(bytes.length).isLessThan(100);
    }

    @Test
    void chunkRecordWithANegativeWindowIsAFormatError() {
        // Found by WireFormatFuzzTests#chunkRecord: a decoder would emit fewer grid samples than the session counts.
        for (int[] window : new int[][] {{-1, 600}, {10, -600}}) {
            ChunkRecord chunk = new ChunkRecord(SESSION, "demo", STREAM, 0, 1, ChunkRecord.Kind.GAP,
                    ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, 0, null, 0L, "x", null);
            byte[] bytes = chunk.encode();
            // skip, samples, grid, fragment index and count, gapCount=0, peak, source "x", payload
            int at = bytes.length - 4 - 2 - 1 - 8 - 4 - 4 - 4 - 4 - 4 - 4;
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, window[0])
                    .putInt(at + 4, window[1]);
            assertThatThrownBy(() -> ChunkRecord.decode(bytes)).isInstanceOf(WireFormatException.class)
                    .hasMessageContaining("is negative");
        }
    }

    @Test
    void gapBlockOfNegativeLengthIsAFormatError() {
        // Found by WireFormatFuzzTests#pcmBlock: it read fine, then the station's SessionBuffer refused the gap.
        byte[] bytes = PcmBlock.gap(SESSION, STREAM, 0, 1, 0, true, 0L, 100.0, 0L, 5).encode();
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, -5);
        assertThatThrownBy(() -> PcmBlock.decode(bytes)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("block of -5 samples");
    }

    @Test
    void minMaxBlockRoundTrips() {
        MinMaxBlock mm = new MinMaxBlock(SESSION, 256, false, 10, 0L, 100.0, new int[] {-5, Integer.MAX_VALUE},
                new int[] {7, Integer.MIN_VALUE});
        MinMaxBlock back = MinMaxBlock.decode(mm.encode());
        assertThat(back.mins()).containsExactly(-5, Integer.MAX_VALUE);
        assertThat(MinMaxBlock.isEmpty(back.mins()[1], back.maxs()[1])).isTrue();
    }

    @Test
    void playbackControlRoundTripsEveryCommand() {
        List<PlaybackControl.Command> commands = List.of(
                new PlaybackControl.Play("demo", STREAM, 1_000_000L, 3_601_000_000L, 441.0),
                new PlaybackControl.Seek(123_456L), new PlaybackControl.Loop(10L, 6_010L),
                new PlaybackControl.ClearLoop(), new PlaybackControl.Speed(1.5), new PlaybackControl.Volume(0.25),
                new PlaybackControl.Pause(), new PlaybackControl.Resume(), new PlaybackControl.Stop(),
                new PlaybackControl.SeekTime(new PlaybackControl.Position(true, -30_000_000L)),
                new PlaybackControl.LoopTime(new PlaybackControl.Position(false, 600_000_000L),
                        new PlaybackControl.Position(false, 840_000_000L)),
                new PlaybackControl.HighPass(0.045), new PlaybackControl.Dc(PlaybackControl.DcMode.LINEAR),
                new PlaybackControl.Normalize(true));
        assertThat(commands).extracting(PlaybackControl.Command::kind)
                .containsExactly(PlaybackControl.Kind.values());
        for (PlaybackControl.Command command : commands) {
            PlaybackControl control = new PlaybackControl(SESSION, "station-7", 42L, command);
            assertThat(PlaybackControl.decode(control.encode())).isEqualTo(control);
        }
        PlaybackControl anyStation = new PlaybackControl(SESSION, "", 1L, new PlaybackControl.Volume(2.0));
        assertThat(anyStation.key()).isEqualTo(SESSION.toString());
        WireSerdes.PlaybackControlSerde serde = new WireSerdes.PlaybackControlSerde();
        assertThat(serde.deserialize("t", serde.serialize("t", anyStation))).isEqualTo(anyStation);
    }

    @Test
    void groupControlsRoundTripKeyedByTheirGroup() {
        PlaybackControl.Play play = new PlaybackControl.Play("demo", STREAM, 1_000_000L, 3_601_000_000L, 441.0,
                List.of(new PlaybackControl.MemberStream("hall-1", StreamId.parse("XX.STA1..HHZ")),
                        new PlaybackControl.MemberStream("hall-2", StreamId.parse("XX.STA2..HHZ"))));
        List<PlaybackControl.Command> commands = List.of(play, new PlaybackControl.Pause(),
                new PlaybackControl.Resume(), new PlaybackControl.Stop(), new PlaybackControl.ClearLoop(),
                new PlaybackControl.Speed(2), new PlaybackControl.Volume(0.5), new PlaybackControl.Seek(7),
                new PlaybackControl.Loop(1, 9),
                new PlaybackControl.SeekTime(new PlaybackControl.Position(false, 750_000_000L)),
                new PlaybackControl.LoopTime(new PlaybackControl.Position(false, 600_000_000L),
                        new PlaybackControl.Position(false, 840_000_000L)));
        for (PlaybackControl.Command command : commands) {
            PlaybackControl control = PlaybackControl.forGroup("hall", SESSION, 42L, 1_764_700_000_123_456_789L,
                    command);
            assertThat(PlaybackControl.decode(control.encode())).isEqualTo(control);
            assertThat(control.key()).isEqualTo("group:hall");
            assertThat(control.isGroup()).isTrue();
        }
        assertThat(play.streamFor("hall-2")).isEqualTo(StreamId.parse("XX.STA2..HHZ"));
        assertThat(play.streamFor("hall-9")).as("a late joiner not listed plays the default").isEqualTo(STREAM);
    }

    /** Found by WireFormatFuzzTests (its input kept as station-named-group-key): a station's key in a group's space. */
    @Test
    void aStationNamedLikeAGroupKeyIsRefused() {
        assertThatThrownBy(() -> new PlaybackControl(SESSION, "group:hall", 0L, new PlaybackControl.Pause()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys the groups' controls");
    }

    @Test
    void groupControlsRefuseWhatAGroupCannotMean() {
        assertThatThrownBy(() -> new PlaybackControl(SESSION, "hall-1", 0L, new PlaybackControl.Pause(), "hall", 5L))
                .hasMessageContaining("names no station");
        assertThatThrownBy(() -> PlaybackControl.forGroup("hall", SESSION, 0L, 5L,
                new PlaybackControl.SeekTime(new PlaybackControl.Position(true, 5_000_000L))))
                .hasMessageContaining("not relative");
        assertThatThrownBy(() -> PlaybackControl.forGroup("hall", SESSION, 0L, 5L, new PlaybackControl.HighPass(1)))
                .hasMessageContaining("not a group control");
        assertThatThrownBy(() -> new PlaybackControl(SESSION, "lab", 0L, new PlaybackControl.Pause(), "", 5L))
                .hasMessageContaining("only a group control is scheduled");
        assertThatThrownBy(() -> PlaybackControl.forGroup("hall", SESSION, 0L, -1L, new PlaybackControl.Pause()))
                .hasMessageContaining("before the epoch");
        assertThatThrownBy(() -> new PlaybackControl(SESSION, "lab", 0L, new PlaybackControl.Play("demo", STREAM, 0,
                10, 441, List.of(new PlaybackControl.MemberStream("a", STREAM))))).hasMessageContaining("group PLAY");
        assertThatThrownBy(() -> new PlaybackControl.Play("demo", STREAM, 0, 10, 441,
                List.of(new PlaybackControl.MemberStream("a", STREAM), new PlaybackControl.MemberStream("a", STREAM))))
                .hasMessageContaining("two streams");
        assertThatThrownBy(() -> PlaybackControl.forGroup("hall", PlaybackControl.ANY_SESSION, 0L, 5L,
                new PlaybackControl.Play("demo", STREAM, 0, 10, 441))).hasMessageContaining("new session's id");
        // On the wire the same refusals are the reader's one exception.
        byte[] bytes = PlaybackControl.forGroup("hall", SESSION, 0L, 5L, new PlaybackControl.Volume(0.5)).encode();
        bytes[5] = (byte) PlaybackControl.Kind.HIGH_PASS.ordinal(); // same f64 argument, not a group's
        assertThatThrownBy(() -> PlaybackControl.decode(bytes)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("not a group control");
    }

    @Test
    void playbackControlVersionOneStaysReadable() {
        PlaybackControl play = new PlaybackControl(SESSION, "lab", 42L,
                new PlaybackControl.Play("demo", STREAM, 1_000_000L, 3_601_000_000L, 441.0));
        PlaybackControl pause = new PlaybackControl(PlaybackControl.ANY_SESSION, "lab", 42L,
                new PlaybackControl.Pause());
        for (PlaybackControl control : List.of(play, pause)) {
            assertThat(PlaybackControl.decode(versionOne(control))).isEqualTo(control);
        }
    }

    /** What a sender of the build before wrote: no group and at after issuedAt, no member count after PLAY's speed. */
    private static byte[] versionOne(PlaybackControl control) {
        byte[] v2 = control.encode();
        int afterIssuedAt = 5 + 1 + 16 + 2 + control.station().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + 8;
        int groupAndAt = 2 + 8; // an empty group string and at
        int trailer = control.command() instanceof PlaybackControl.Play ? 2 : 0;
        byte[] v1 = new byte[v2.length - groupAndAt - trailer];
        System.arraycopy(v2, 0, v1, 0, afterIssuedAt);
        System.arraycopy(v2, afterIssuedAt + groupAndAt, v1, afterIssuedAt, v1.length - afterIssuedAt);
        v1[4] = 1;
        return v1;
    }

    @Test
    void playbackControlRejectsUnknownCommandAndTrailingBytes() {
        byte[] bytes = new PlaybackControl(PlaybackControl.ANY_SESSION, "lab", 0L, new PlaybackControl.Pause())
                .encode();
        byte[] unknown = bytes.clone();
        unknown[5] = 42;
        assertThatThrownBy(() -> PlaybackControl.decode(unknown)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown command 42");
        assertThatThrownBy(() -> PlaybackControl.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("trailing");
        byte[] badLoop = new PlaybackControl(SESSION, "", 0L, new PlaybackControl.Loop(5, 6)).encode();
        badLoop[badLoop.length - 8] = 0; // to = 0 < from
        assertThatThrownBy(() -> PlaybackControl.decode(badLoop)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("loop");
    }

    @Test
    void playbackStatusRoundTripsEveryEvent() {
        List<PlaybackStatus.Event> events = List.of(
                new PlaybackStatus.Accepted(6, 1_000_000L, 3_601_000_000L, 100.0),
                new PlaybackStatus.Rejected(PlaybackStatus.Reason.WINDOW_TOO_LONG,
                        "window of 25 h is longer than this fetcher's limit of 24 h"),
                new PlaybackStatus.ChunkGap(2, 6, PlaybackStatus.GapCause.ORIGIN_FAILED, "http://x/y.i32.zst",
                        "HTTP 503 after 3 retries"),
                new PlaybackStatus.NoData(6, "origin 'demo' has no data for XX.DEMO..HHZ in the window"),
                new PlaybackStatus.Received(10_000));
        assertThat(events).extracting(PlaybackStatus.Event::kind).containsExactly(PlaybackStatus.Kind.values());
        for (PlaybackStatus.Event event : events) {
            PlaybackStatus status = new PlaybackStatus(SESSION, 42L, event);
            assertThat(PlaybackStatus.decode(status.encode())).isEqualTo(status);
        }
        for (PlaybackStatus.Reason reason : PlaybackStatus.Reason.values()) {
            PlaybackStatus status = new PlaybackStatus(SESSION, 1L, new PlaybackStatus.Rejected(reason, "é"));
            assertThat(PlaybackStatus.decode(status.encode())).isEqualTo(status);
        }
        PlaybackStatus unknownRate = new PlaybackStatus(SESSION, 1L, new PlaybackStatus.Accepted(1, 0L, 1L, 0.0));
        assertThat(unknownRate.key()).isEqualTo(SESSION.toString());
        WireSerdes.PlaybackStatusSerde serde = new WireSerdes.PlaybackStatusSerde();
        assertThat(serde.deserialize("t", serde.serialize("t", unknownRate))).isEqualTo(unknownRate);
    }

    @Test
    void playbackStatusRejectsUnknownCodesBadFieldsAndTrailingBytes() {
        byte[] rejected = new PlaybackStatus(SESSION, 0L,
                new PlaybackStatus.Rejected(PlaybackStatus.Reason.UNKNOWN_ORIGIN, "")).encode();
        byte[] unknownKind = rejected.clone();
        unknownKind[5] = 9;
        assertThatThrownBy(() -> PlaybackStatus.decode(unknownKind)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown code 9");
        byte[] unknownReason = rejected.clone();
        unknownReason[5 + 1 + 16 + 8] = 77;
        assertThatThrownBy(() -> PlaybackStatus.decode(unknownReason)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown code 77");
        assertThatThrownBy(() -> PlaybackStatus.decode(Arrays.copyOf(rejected, rejected.length + 1)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> PlaybackStatus.decode(Arrays.copyOf(rejected, rejected.length - 1)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("PlaybackStatus");
        byte[] badGap = new PlaybackStatus(SESSION, 0L,
                new PlaybackStatus.ChunkGap(0, 1, PlaybackStatus.GapCause.NO_DATA, "", "")).encode();
        badGap[5 + 1 + 16 + 8] = 1; // chunk 1 of 1
        assertThatThrownBy(() -> PlaybackStatus.decode(badGap)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("chunk 1 of 1");
        byte[] otherVersion = rejected.clone();
        otherVersion[4] = 2;
        assertThatThrownBy(() -> PlaybackStatus.decode(otherVersion)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> PlaybackStatus.decode(new PlaybackRequest(SESSION, "demo", STREAM, 0L, 1L, 0L)
                .encode())).isInstanceOf(WireFormatException.class).hasMessageContaining("magic is not AFPS");
    }

    @Test
    void receivedIsKindFourCarryingThePlanningDeadlineInMillisecondsAndTheOlderCodesKeepTheirs() {
        byte[] bytes = new PlaybackStatus(SESSION, 7L, new PlaybackStatus.Received(7_000)).encode();
        assertThat(bytes).hasSize(5 + 1 + 16 + 8 + 8);
        assertThat(bytes[4]).as("version").isEqualTo((byte) 1);
        assertThat(bytes[5]).as("kind").isEqualTo((byte) 4);
        assertThat(ByteBuffer.wrap(bytes, 30, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
                .isEqualTo(7_000L);
        assertThat(PlaybackStatus.Kind.values()).extracting(Enum::ordinal, Enum::name).startsWith(
                Tuple.tuple(0, "ACCEPTED"), Tuple.tuple(1, "REJECTED"), Tuple.tuple(2, "CHUNK_GAP"),
                Tuple.tuple(3, "NO_DATA"));
        byte[] noDeadline = bytes.clone();
        Arrays.fill(noDeadline, 30, 38, (byte) 0);
        assertThatThrownBy(() -> PlaybackStatus.decode(noDeadline)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("planning deadline is at least 1 ms, got 0");
        assertThatThrownBy(() -> PlaybackStatus.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("PlaybackStatus");
    }

    @Test
    void truncatedPayloadIsANamedError() {
        byte[] bytes = new PcmBlock(SESSION, STREAM, 0, 1, 0, true, PcmBlock.Kind.SAMPLES, 0L, 100.0, 0L, 3,
                new int[] {1, 2, 3}).encode();
        assertThatThrownBy(() -> PcmBlock.decode(Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("PcmBlock");
        assertThatThrownBy(() -> ChunkRecord.decode(bytes)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void streamIdParsesBlankLocation() {
        assertThat(StreamId.parse("xx.demo..hhz")).isEqualTo(new StreamId("XX", "DEMO", "", "HHZ"));
        assertThatThrownBy(() -> StreamId.parse("XX.DEMO.HHZ")).hasMessageContaining("NET.STA.LOC.CHA");
    }

    @Test
    void stationAnnouncementRoundTripsIdleAndPlaying() {
        StationAnnouncement idle = new StationAnnouncement("lab-1", "", 1_700_000_000_000_000L, null);
        StationAnnouncement playing = new StationAnnouncement("lab-2", "hall", 1_700_000_000_000_001L,
                new StationAnnouncement.Playing(UUID.randomUUID(), "demo", STREAM, 1_000_000L, 3_601_000_000L,
                        754_000_000L, 600_000_000L, 840_000_000L, 1.5, 0.8, true, 0.02, PlaybackControl.DcMode.MEAN,
                        true));
        for (StationAnnouncement a : List.of(idle, playing)) {
            assertThat(StationAnnouncement.decode(a.encode())).isEqualTo(a);
        }
        assertThat(new String(idle.encode(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("AFSA");
    }

    @Test
    void stationAnnouncementRefusesHalfALoopAndUnknownFlags() {
        assertThatThrownBy(() -> new StationAnnouncement.Playing(UUID.randomUUID(), "demo", STREAM, 0L, 10L, 0L,
                5L, -1L, 1, 1, false, 0, PlaybackControl.DcMode.OFF, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both ends");
        byte[] bytes = new StationAnnouncement("lab-1", "", 0L, null).encode();
        bytes[bytes.length - 2] = 2; // the last byte is version 2's sync flag
        assertThatThrownBy(() -> StationAnnouncement.decode(bytes)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("playing flag");
        byte[] badSync = new StationAnnouncement("lab-1", "", 0L, null).encode();
        badSync[badSync.length - 1] = 3;
        assertThatThrownBy(() -> StationAnnouncement.decode(badSync)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("sync flag");
    }

    @Test
    void stationAnnouncementCarriesAMembersSyncAndVersionOneStaysReadable() {
        StationAnnouncement.Sync sync = new StationAnnouncement.Sync(SESSION, -137_000_000L, 250_000L, -1_200_000L,
                -48.5, 2, 92_000_000L);
        StationAnnouncement member = new StationAnnouncement("hall-1", "hall", 1_700_000_000_000_002L,
                new StationAnnouncement.Playing(UUID.randomUUID(), "demo", STREAM, 1_000_000L, 3_601_000_000L,
                        754_000_000L, -1, -1, 1, 1, false, 0, PlaybackControl.DcMode.OFF, false), sync);
        assertThat(StationAnnouncement.decode(member.encode())).isEqualTo(member);
        StationAnnouncement idle = new StationAnnouncement("hall-2", "hall", 5L, null,
                new StationAnnouncement.Sync(StationAnnouncement.Sync.NO_SESSION, 0, Long.MAX_VALUE, 0, 0, 0, 0));
        assertThat(StationAnnouncement.decode(idle.encode())).isEqualTo(idle);

        // Version 1 is version 2 without the sync flag: what a station of the build before sends.
        StationAnnouncement old = new StationAnnouncement("lab-2", "hall", 7L,
                new StationAnnouncement.Playing(SESSION, "demo", STREAM, 1_000_000L, 3_601_000_000L, 5L, -1, -1, 1.5,
                        0.8, true, 0.02, PlaybackControl.DcMode.MEAN, true));
        byte[] v2 = old.encode();
        byte[] v1 = Arrays.copyOf(v2, v2.length - 1);
        v1[4] = 1;
        assertThat(StationAnnouncement.decode(v1)).isEqualTo(old);
        assertThat(StationAnnouncement.decode(v1).sync()).isNull();
        assertThatThrownBy(() -> new StationAnnouncement.Sync(SESSION, 0, -1, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }
}
