package org.audifleet.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected strings are what C's printf prints (checked with a C-conforming formatter). */
class CFormatTests {
    @Test
    void float32AsC() {
        assertThat(CFormat.g(0.1f, 9)).isEqualTo("0.100000001");
        assertThat(CFormat.g(1e-5f, 9)).isEqualTo("9.99999975e-06");
        assertThat(CFormat.g(-1.0625f, 9)).isEqualTo("-1.0625");
    }

    @Test
    void float64AsC() {
        assertThat(CFormat.g(0.1, 17)).isEqualTo("0.10000000000000001");
        assertThat(CFormat.g(1e-5, 17)).isEqualTo("1.0000000000000001e-05");
        assertThat(CFormat.g(-3.14159e-7, 17)).isEqualTo("-3.1415899999999997e-07");
        assertThat(CFormat.g(0.0001, 17)).isEqualTo("0.0001");
        assertThat(CFormat.g(1e100, 17)).isEqualTo("1e+100");
    }

    @Test
    void switchesNotationLikeC() {
        assertThat(CFormat.g(123456789012.0, 9)).isEqualTo("1.23456789e+11");
        assertThat(CFormat.g(123456789012.0, 17)).isEqualTo("123456789012");
        assertThat(CFormat.g(100000.0, 9)).isEqualTo("100000");
        assertThat(CFormat.g(0.000123456789, 9)).isEqualTo("0.000123456789");
        assertThat(CFormat.g(0.0, 9)).isEqualTo("0");
        assertThat(CFormat.g(-0.0, 9)).isEqualTo("-0");
        assertThat(CFormat.g(2.5, 10)).isEqualTo("2.5");
    }
}
