package org.snnloc.model;

/**
 * The exponential every CPU backend computes, in float and from exactly defined operations only
 * (add, multiply, fused multiply-add, bit moves), so that a scalar loop and a vector lane of any
 * width give the same bits. {@code Math.exp} cannot be used: the Vector API's own exp returns
 * other bits than it, and other bits again before and after C2 compiles the caller.
 *
 * <p>{@code e^x = 2^n e^r} with {@code n = round(x / ln 2)} and {@code |r| <= ln 2 / 2} (Cody and
 * Waite's two-part ln 2), {@code e^r} from Cephes' {@code expf} minimax polynomial, about 1 ulp.
 * Arguments below {@link #MIN_ARGUMENT} are the caller's to clamp (the result would be subnormal).
 */
public final class FloatMath {
    public static final float LOG2_E = 1.44269504088896341f;
    public static final float LN2_HI = 0.693359375f;
    public static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
    public static final float ROUND = 12582912f;
    /** The smallest argument whose e^x is a normal float (n >= -126). */
    public static final float MIN_ARGUMENT = -87.3365478515625f;
    /** Polynomial for {@code (e^r - 1 - r) / r^2} on {@code [-ln 2 / 2, ln 2 / 2]}, highest power first. */
    public static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    private FloatMath() {}

    /** e^x for {@code MIN_ARGUMENT <= x <= 88}. */
    public static float exp(float x) {
        float shifted = x * LOG2_E + ROUND;
        float n = shifted - ROUND;
        float r = n * -LN2_HI + x - n * LN2_LO;
        float poly = Math.fma(r, P0, P1);
        poly = Math.fma(poly, r, P2);
        poly = Math.fma(poly, r, P3);
        poly = Math.fma(poly, r, P4);
        poly = Math.fma(poly, r, P5);
        float expR = Math.fma(poly, r * r, r) + 1f;
        return expR * powerOfTwo(shifted);
    }

    /** 2^n from {@code shifted = n + ROUND}, n in [-126, 127]: n + 127 moved into the exponent bits. */
    public static float powerOfTwo(float shifted) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(shifted) - Float.floatToRawIntBits(ROUND) + 127 << 23);
    }
}
