package io.panels.formula.functions;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers are exact decimals: PostgreSQL {@code numeric} in SQL and {@link BigDecimal} in memory.
 * This class reproduces the numeric rules that are not plain decimal arithmetic (the scale of a
 * quotient, float conversions) so that both back ends produce the same digits.
 */
public final class Numeric {

    static final BigDecimal FLOAT_LIMIT = new BigDecimal("1e300");
    private static final MathContext DBL_DIG = new MathContext(15, RoundingMode.HALF_EVEN);

    private Numeric() {}

    /** PostgreSQL never has a negative display scale. */
    public static BigDecimal normalize(BigDecimal x) {
        return x.scale() < 0 ? x.setScale(0, RoundingMode.UNNECESSARY) : x;
    }

    /** {@code numeric / numeric}: PostgreSQL's select_div_scale, rounded half away from zero. */
    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a.divide(b, divScale(a, b), RoundingMode.HALF_UP);
    }

    private static int divScale(BigDecimal a, BigDecimal b) {
        int weight1 = 0;
        int first1 = 0;
        if (a.signum() != 0) {
            weight1 = weight(a);
            first1 = firstDigit(a, weight1);
        }
        int weight2 = 0;
        int first2 = 0;
        if (b.signum() != 0) {
            weight2 = weight(b);
            first2 = firstDigit(b, weight2);
        }
        int qweight = weight1 - weight2;
        if (first1 <= first2) {
            qweight--;
        }
        int rscale = 16 - qweight * 4;
        rscale = Math.max(rscale, Math.max(a.scale(), 0));
        rscale = Math.max(rscale, Math.max(b.scale(), 0));
        return Math.min(Math.max(rscale, 0), 1000);
    }

    /** The position of the leading base-10000 digit, as PostgreSQL stores numerics. */
    private static int weight(BigDecimal x) {
        int exponent10 = x.precision() - x.scale() - 1;
        return Math.floorDiv(exponent10, 4);
    }

    private static int firstDigit(BigDecimal x, int weight) {
        return x.abs().movePointLeft(4 * weight).setScale(0, RoundingMode.DOWN).intValue();
    }

    /** {@code mod(numeric, numeric)}: the sign of the dividend, the larger of the two scales. */
    public static BigDecimal mod(BigDecimal a, BigDecimal b) {
        return a.remainder(b).setScale(Math.max(Math.max(a.scale(), b.scale()), 0), RoundingMode.UNNECESSARY);
    }

    /** {@code round(x, n)} (half away from zero), {@code trunc(x, n)} or away from zero. */
    public static BigDecimal round(BigDecimal x, int digits, RoundingMode mode) {
        BigDecimal rounded = x.setScale(digits, mode);
        return digits < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY) : rounded;
    }

    /** {@code CAST(float8 AS numeric)}: 15 significant digits, trailing zeros dropped. */
    public static BigDecimal fromDouble(double d) {
        if (d == 0) {
            return BigDecimal.ZERO;
        }
        return normalize(new BigDecimal(d).round(DBL_DIG).stripTrailingZeros());
    }

    /**
     * The float argument of SQRT, EXP, LN, LOG and POWER: {@code CAST(round(x, 300) AS double precision)},
     * which cannot fail for magnitudes up to 1e300 (those functions report larger ones as errors).
     */
    public static double toDouble(BigDecimal x) {
        return (x.scale() > 300 ? x.setScale(300, RoundingMode.HALF_UP) : x).doubleValue();
    }

    static boolean tooLargeForFloat(BigDecimal x) {
        return x.abs().compareTo(FLOAT_LIMIT) > 0;
    }

    /** An integer argument (a count, a position): truncated, then held within [lo, hi]. */
    public static int clamp(BigDecimal x, int lo, int hi) {
        BigDecimal t = x.setScale(0, RoundingMode.DOWN);
        if (t.compareTo(BigDecimal.valueOf(lo)) < 0) {
            return lo;
        }
        if (t.compareTo(BigDecimal.valueOf(hi)) > 0) {
            return hi;
        }
        return t.intValueExact();
    }

    /** The SQL of {@link #clamp}; LEAST and GREATEST skip NULLs, so a blank is kept blank explicitly. */
    static String clampSql(String x, int lo, int hi) {
        return "CAST(CASE WHEN " + x + " IS NOT NULL THEN LEAST(GREATEST(trunc(" + x + "), " + lo + "), " + hi + ") END AS integer)";
    }

    /** The SQL of {@link #toDouble}; only for arguments known to be within 1e300. */
    static String toDoubleSql(String x) {
        return "CAST(round(" + x + ", 300) AS double precision)";
    }

    /** The SQL of {@link #tooLargeForFloat}. */
    static String tooLargeSql(String x) {
        return "abs(" + x + ") > 1e300";
    }

    static BigDecimal of(long value) {
        return BigDecimal.valueOf(value);
    }
}
