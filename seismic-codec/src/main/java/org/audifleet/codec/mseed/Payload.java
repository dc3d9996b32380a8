package org.audifleet.codec.mseed;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;

import org.audifleet.codec.mseed.legacy.GainRangedDecoder;
import org.audifleet.codec.mseed.steim.SteimDecoder;
import org.audifleet.codec.mseed.steim.SteimFrameException;

/** Turns a record's data payload into samples for any supported encoding; one instance per reader (scratch reuse). */
final class Payload {
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /** Decoded samples: exactly one array is set unless the record has none. */
    record Samples(SampleType type, int count, int[] ints, float[] floats, double[] doubles, byte[] text) {
    }

    private final IntegrityPolicy integrity;
    private final Consumer<String> warnings;
    private final int[] scratch = new int[SteimDecoder.SCRATCH_SLACK];

    Payload(IntegrityPolicy integrity, Consumer<String> warnings) {
        this.integrity = integrity;
        this.warnings = warnings;
    }

    static SampleType typeOf(int encoding) {
        return switch (encoding) {
            case Encoding.TEXT -> SampleType.TEXT;
            case Encoding.FLOAT32, Encoding.GEOSCOPE24, Encoding.GEOSCOPE16_3, Encoding.GEOSCOPE16_4 -> SampleType.FLOAT;
            case Encoding.FLOAT64 -> SampleType.DOUBLE;
            default -> SampleType.INT;
        };
    }

    /**
     * @param recordOffset absolute offset of the record (for errors)
     * @param at           index of the payload in {@code b}
     * @param payloadStart payload offset relative to the record start (for errors)
     */
    Samples decode(int encoding, byte[] b, int at, int length, boolean bigEndian, int count, String sid,
                   long recordOffset, int payloadStart) throws MseedFormatException {
        SampleType type = typeOf(encoding);
        if (count == 0) {
            // MseedRecord promises the array its type names, also when it is empty.
            return switch (type) {
                case INT -> new Samples(type, 0, new int[0], null, null, null);
                case FLOAT -> new Samples(type, 0, null, new float[0], null, null);
                case DOUBLE -> new Samples(type, 0, null, null, new double[0], null);
                case TEXT -> new Samples(type, 0, null, null, null, new byte[0]);
            };
        }
        if (!Encoding.isSupported(encoding)) {
            throw new MseedFormatException(recordOffset,
                    "unknown or unsupported encoding " + encoding + " (" + Encoding.name(encoding) + ")");
        }
        int width = switch (encoding) {
            case Encoding.TEXT -> 1;
            case Encoding.INT32, Encoding.FLOAT32 -> 4;
            case Encoding.FLOAT64 -> 8;
            case Encoding.GEOSCOPE24 -> 3;
            case Encoding.STEIM1, Encoding.STEIM2 -> 0;
            default -> 2;
        };
        if (width > 0 && (long) width * count > length) {
            throw new MseedFormatException(recordOffset, count + " samples of " + Encoding.name(encoding)
                    + " need " + (long) width * count + " bytes, payload has " + length);
        }
        switch (encoding) {
            case Encoding.STEIM1, Encoding.STEIM2:
                return steim(encoding == Encoding.STEIM1 ? 1 : 2, b, at, length, bigEndian, count, sid,
                        recordOffset, payloadStart);
            case Encoding.TEXT:
                return new Samples(type, count, null, null, null, Arrays.copyOfRange(b, at, at + count));
            case Encoding.INT16: {
                int[] out = new int[count];
                VarHandle h = bigEndian ? SHORT_BE : SHORT_LE;
                for (int i = 0; i < count; i++) {
                    out[i] = (short) h.get(b, at + 2 * i);
                }
                return ints(out);
            }
            case Encoding.INT32: {
                int[] out = new int[count];
                VarHandle h = bigEndian ? INT_BE : INT_LE;
                for (int i = 0; i < count; i++) {
                    out[i] = (int) h.get(b, at + 4 * i);
                }
                return ints(out);
            }
            case Encoding.FLOAT32: {
                float[] out = new float[count];
                VarHandle h = bigEndian ? FLOAT_BE : FLOAT_LE;
                for (int i = 0; i < count; i++) {
                    out[i] = (float) h.get(b, at + 4 * i);
                }
                return new Samples(type, count, null, out, null, null);
            }
            case Encoding.FLOAT64: {
                double[] out = new double[count];
                VarHandle h = bigEndian ? DOUBLE_BE : DOUBLE_LE;
                for (int i = 0; i < count; i++) {
                    out[i] = (double) h.get(b, at + 8 * i);
                }
                return new Samples(type, count, null, null, out, null);
            }
            case Encoding.CDSN: {
                int[] out = new int[count];
                GainRangedDecoder.cdsn(b, at, bigEndian, count, out);
                return ints(out);
            }
            case Encoding.SRO: {
                int[] out = new int[count];
                int bad = GainRangedDecoder.sro(b, at, bigEndian, count, out);
                if (bad >= 0) {
                    throw new MseedFormatException(recordOffset + payloadStart + 2L * bad,
                            "SRO gain range above 10 in sample " + bad);
                }
                return ints(out);
            }
            case Encoding.DWWSSN: {
                int[] out = new int[count];
                GainRangedDecoder.dwwssn(b, at, bigEndian, count, out);
                return ints(out);
            }
            case Encoding.GEOSCOPE16_3, Encoding.GEOSCOPE16_4: {
                float[] out = new float[count];
                GainRangedDecoder.geoscope16(b, at, bigEndian, encoding == Encoding.GEOSCOPE16_3 ? 3 : 4, count, out);
                return new Samples(type, count, null, out, null, null);
            }
            case Encoding.GEOSCOPE24: {
                float[] out = new float[count];
                GainRangedDecoder.geoscope24(b, at, bigEndian, count, out);
                return new Samples(type, count, null, out, null, null);
            }
            default:
                throw new MseedFormatException(recordOffset, "unknown encoding " + encoding);
        }
    }

    private static Samples ints(int[] out) {
        return new Samples(SampleType.INT, out.length, out, null, null, null);
    }

    private Samples steim(int level, byte[] b, int at, int length, boolean bigEndian, int count, String sid,
                          long recordOffset, int payloadStart) throws MseedFormatException {
        int frames = length / SteimDecoder.FRAME_BYTES;
        if (frames == 0) {
            throw new MseedFormatException(recordOffset, "Steim" + level + " payload of " + length
                    + " bytes holds no whole 64-byte frame for " + count + " samples");
        }
        int[] out = new int[count];
        int decoded;
        try {
            decoded = SteimDecoder.decode(level, b, at, frames, bigEndian, count, scratch, out);
        } catch (SteimFrameException e) {
            throw new MseedFormatException(recordOffset + payloadStart + e.payloadOffset(),
                    "bad Steim" + level + " frame: " + e.getMessage());
        }
        if (decoded < count) {
            throw new MseedFormatException(recordOffset, "Steim" + level + " frames hold " + decoded
                    + " samples, header says " + count);
        }
        int xn = SteimDecoder.reverseConstant(b, at, bigEndian);
        if (out[count - 1] != xn) {
            String reason = "Steim" + level + " integrity check failed: last sample " + out[count - 1]
                    + " != reverse integration constant Xn " + xn;
            if (integrity == IntegrityPolicy.FAIL) {
                throw new MseedFormatException(recordOffset, reason);
            }
            warnings.accept(sid + ": byte offset " + recordOffset + ": " + reason);
        }
        return ints(out);
    }
}
