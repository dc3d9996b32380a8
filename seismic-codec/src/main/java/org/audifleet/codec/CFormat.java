package org.audifleet.codec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C {@code printf("%.Ng")} for doubles. Java's {@code %g} never switches to fixed notation by C's rule and keeps
 * trailing zeros, so dumps meant to diff against libmseed's need this. Rounds the exact binary value half-even,
 * which is what glibc does.
 */
final class CFormat {
    private CFormat() {
    }

    static String g(double value, int precision) {
        if (Double.isNaN(value)) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
        }
        // Small integers are common (sample rates, whole-valued samples) and need no BigDecimal.
        if (value == Math.rint(value) && Math.abs(value) < 1e15 && Math.abs(value) < Math.pow(10, precision)) {
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String digits = rounded.unscaledValue().abs().toString();
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') {
                end--;
            }
            StringBuilder sb = new StringBuilder(precision + 8);
            if (rounded.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (end > 1) {
                sb.append('.').append(digits, 1, end);
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
