package org.snnloc.model;

import java.util.random.RandomGenerator;

/** How the rows of one weight matrix are signed: Dale's law with a ratio, all excitatory, or unconstrained. */
public sealed interface LayerSigns {

    /** Signs for {@code rows} presynaptic neurons, or null for an unconstrained layer. */
    float[] rowSigns(int rows, RandomGenerator random);

    /** A short label for configs and tables: {@code dale(0.5)}, {@code excitatory}, {@code free}. */
    String describe();

    /** Dale's law: exactly {@code floor(rows * ratio)} rows inhibitory, chosen at random. */
    record Dale(double inhibitoryRatio) implements LayerSigns {
        public Dale {
            DaleMask.requireRatio(inhibitoryRatio);
        }

        @Override
        public float[] rowSigns(int rows, RandomGenerator random) {
            return DaleMask.rowSigns(rows, inhibitoryRatio, random);
        }

        @Override
        public String describe() {
            return "dale(" + inhibitoryRatio + ")";
        }
    }

    /** Every row +1: the notebook's W1+ / W2+ conditions. */
    record ExcitatoryOnly() implements LayerSigns {
        @Override
        public float[] rowSigns(int rows, RandomGenerator random) {
            return DaleMask.allExcitatory(rows);
        }

        @Override
        public String describe() {
            return "excitatory";
        }
    }

    /** No sign constraint: the effective weight is the raw parameter (the starting notebook). */
    record Free() implements LayerSigns {
        @Override
        public float[] rowSigns(int rows, RandomGenerator random) {
            return null;
        }

        @Override
        public String describe() {
            return "free";
        }
    }
}
