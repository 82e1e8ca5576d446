package org.snnloc.train;

/** Adam hyperparameters; the defaults are PyTorch's, with the notebook's learning rate 0.01. */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon) {

    public AdamConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam betas must be in [0, 1)");
        if (!(epsilon > 0)) throw new IllegalArgumentException("Adam epsilon must be positive");
    }

    public static AdamConfig notebook() {
        return withLearningRate(0.01);
    }

    public static AdamConfig withLearningRate(double learningRate) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8);
    }
}
