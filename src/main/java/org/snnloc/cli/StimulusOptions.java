package org.snnloc.cli;

import org.snnloc.stimulus.StimulusConfig;
import picocli.CommandLine.Option;

/**
 * The stimulus: Poisson fibres of both ears driven by a tone (docs/model.md). Shared by
 * {@code train}, the experiment commands and {@code data}; defaults are the notebook's.
 */
final class StimulusOptions {
    /** Steps a data set may have: event lists index them with 16 bits. */
    static final int MAX_STEPS = 65_536;
    static final int MAX_FIBRES_PER_EAR = 8_192;

    @Option(names = "--rate-max-hz", paramLabel = "HZ", defaultValue = "600", description = "peak Poisson rate of a fibre (default: ${DEFAULT-VALUE})")
    double rateMaxHz;

    @Option(names = "--envelope-power", paramLabel = "K", defaultValue = "2",
            description = "k in p = r_max dt (0.5 (1 + sin theta))^k (default: ${DEFAULT-VALUE})")
    double envelopePower;

    @Option(names = "--tone-hz", paramLabel = "HZ", defaultValue = "20", description = "tone frequency (default: ${DEFAULT-VALUE})")
    double toneHz;

    @Option(names = "--fibres-per-ear", paramLabel = "N", defaultValue = "100",
            description = "input fibres per ear; the network has twice as many inputs (default: ${DEFAULT-VALUE})")
    int fibresPerEar;

    @Option(names = "--duration-ms", paramLabel = "MS", defaultValue = "100", description = "stimulus duration (default: ${DEFAULT-VALUE})")
    double durationMs;

    @Option(names = "--dt-ms", paramLabel = "MS", defaultValue = "1",
            description = "time step of stimulus and network; must divide the duration (default: ${DEFAULT-VALUE})")
    double dtMs;

    @Option(names = "--spontaneous-hz", paramLabel = "HZ", defaultValue = "0",
            description = "baseline rate added to every fibre (default: ${DEFAULT-VALUE}, as the notebook)")
    double spontaneousHz;

    @Option(names = "--phase-per-sample", description = "draw the stimulus phase offset per sample instead of once per data set (the notebook's quirk)")
    boolean phasePerSample;

    /** The stimulus these options describe for {@code classes} IPD classes; every value is checked first. */
    StimulusConfig stimulus(int classes) {
        if (fibresPerEar < 1 || fibresPerEar > MAX_FIBRES_PER_EAR) {
            throw new InvalidInputException("--fibres-per-ear must be in 1.." + MAX_FIBRES_PER_EAR + ", got " + fibresPerEar);
        }
        requirePositive("--duration-ms", durationMs);
        requirePositive("--dt-ms", dtMs);
        double ratio = durationMs / dtMs;
        if (!(ratio >= 1.5 && ratio <= MAX_STEPS + 0.5)) {
            throw new InvalidInputException("--duration-ms / --dt-ms must give 2.." + MAX_STEPS + " steps, got " + ratio);
        }
        long steps = Math.round(ratio);
        if (Math.abs(ratio - steps) > 1e-9 * ratio) {
            throw new InvalidInputException("--dt-ms " + dtMs + " does not divide --duration-ms " + durationMs + " into whole steps");
        }
        if (!(rateMaxHz >= 0) || !Double.isFinite(rateMaxHz)) throw new InvalidInputException("--rate-max-hz must be >= 0, got " + rateMaxHz);
        requirePositive("--envelope-power", envelopePower);
        if (!(toneHz >= 0) || !Double.isFinite(toneHz)) throw new InvalidInputException("--tone-hz must be >= 0, got " + toneHz);
        if (!(spontaneousHz >= 0) || !Double.isFinite(spontaneousHz)) {
            throw new InvalidInputException("--spontaneous-hz must be >= 0, got " + spontaneousHz);
        }
        if (envelopePower > 1000) throw new InvalidInputException("--envelope-power must be at most 1000, got " + envelopePower);
        double peak = (rateMaxHz + spontaneousHz) * dtMs / 1e3;
        if (peak > 1) {
            throw new InvalidInputException("--rate-max-hz " + rateMaxHz + " plus --spontaneous-hz " + spontaneousHz + " at --dt-ms " + dtMs
                    + " is a spike probability of " + peak + " per step; a fibre spikes at most once a step (keep it <= 1)");
        }
        double nyquist = 1e3 / (2 * dtMs);
        if (toneHz >= nyquist) {
            throw new InvalidInputException("--tone-hz " + toneHz + " is at or above the " + nyquist + " Hz that steps of " + dtMs
                    + " ms can represent (it would alias); use a smaller --dt-ms");
        }
        return new StimulusConfig(fibresPerEar, (int) steps, dtMs / 1e3, toneHz, rateMaxHz, envelopePower, Math.PI / 2, phasePerSample,
                classes, spontaneousHz);
    }

    private static void requirePositive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) throw new InvalidInputException(option + " must be a positive number, got " + value);
    }
}
