package org.snnloc.stimulus;

/**
 * Parameters of the Poisson auditory-nerve-fibre stimulus (docs/model.md).
 *
 * @param fibresPerEar     fibres per ear; inputs are the left ear then the right ear
 * @param steps            time steps per stimulus
 * @param dtSeconds        step length
 * @param toneHz           tone frequency f
 * @param maxRateHz        peak Poisson rate r_max
 * @param envelopePower    k in {@code p = r_max dt (0.5 (1 + sin theta))^k}
 * @param maxPhaseDelay    fibre j's phase delay is {@code linspace(0, maxPhaseDelay, fibresPerEar)[j]}
 * @param phasePerSample   false: one random phase offset per data set (the notebook's quirk);
 *                         true: an independent offset per sample
 * @param classes          IPD classes for the labels
 * @param spontaneousHz    baseline rate added to every fibre: {@code p = dt (r_spont + r_max (...)^k)}
 */
public record StimulusConfig(int fibresPerEar, int steps, double dtSeconds, double toneHz, double maxRateHz,
                             double envelopePower, double maxPhaseDelay, boolean phasePerSample, int classes, double spontaneousHz) {

    public StimulusConfig {
        if (fibresPerEar <= 0 || steps <= 0 || classes < 2) throw new IllegalArgumentException("stimulus sizes must be positive");
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) throw new IllegalArgumentException("dt must be a positive number, got " + dtSeconds);
        if (!(maxRateHz >= 0) || !Double.isFinite(maxRateHz)) throw new IllegalArgumentException("the peak rate must be >= 0 Hz, got " + maxRateHz);
        if (!(envelopePower > 0) || !Double.isFinite(envelopePower)) {
            throw new IllegalArgumentException("the envelope power must be a positive number, got " + envelopePower);
        }
        if (!(toneHz >= 0) || !Double.isFinite(toneHz)) throw new IllegalArgumentException("the tone frequency must be >= 0 Hz, got " + toneHz);
        if (!(spontaneousHz >= 0) || !Double.isFinite(spontaneousHz)) {
            throw new IllegalArgumentException("the spontaneous rate must be >= 0 Hz, got " + spontaneousHz);
        }
    }

    /** The notebook's stimulus without the spontaneous rate it does not have. */
    public StimulusConfig(int fibresPerEar, int steps, double dtSeconds, double toneHz, double maxRateHz, double envelopePower,
                          double maxPhaseDelay, boolean phasePerSample, int classes) {
        this(fibresPerEar, steps, dtSeconds, toneHz, maxRateHz, envelopePower, maxPhaseDelay, phasePerSample, classes, 0);
    }

    public static StimulusConfig notebook() {
        return new StimulusConfig(100, 100, 1e-3, 20, 600, 2, Math.PI / 2, false, 12, 0);
    }

    public StimulusConfig withPhasePerSample(boolean perSample) {
        return new StimulusConfig(fibresPerEar, steps, dtSeconds, toneHz, maxRateHz, envelopePower, maxPhaseDelay, perSample, classes,
                spontaneousHz);
    }

    public int inputs() {
        return 2 * fibresPerEar;
    }
}
