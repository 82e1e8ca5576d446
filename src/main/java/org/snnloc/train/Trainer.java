package org.snnloc.train;

import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.eval.Scores;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training loop of docs/model.md: each epoch shuffles the training set, takes one Adam
 * step per batch (the engine reports each batch's loss and how many of its samples it classified
 * correctly, before the step), then measures the mean validation loss and accuracy; it keeps the
 * weights of the best validation loss and stops early by the notebook's rule. For a layer that learns its signs it
 * counts the neurons whose sign changed over each epoch. It knows nothing of how a backend computes.
 */
public final class Trainer {
    private final TrainingConfig config;

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    public TrainingResult train(Engine engine, Parameters initial, PreparedData training, PreparedData validation,
                                TrainingListener listener) {
        return train(engine, initial, null, training, validation, listener, null, () -> false);
    }

    /**
     * Trains from {@code initial}, or continues from {@code resume} (then {@code initial} is
     * ignored); hands a {@link Checkpoint} to {@code checkpoints} after every epoch (null: none are
     * kept, and none is made), and stops with
     * {@link TrainingInterruptedException} after an epoch once {@code stopRequested} says so.
     */
    public TrainingResult train(Engine engine, Parameters initial, Checkpoint resume, PreparedData training, PreparedData validation,
                                TrainingListener listener, java.util.function.Consumer<Checkpoint> checkpoints,
                                java.util.function.BooleanSupplier stopRequested) {
        if (training.size() < config.batchSize()) {
            throw new IllegalArgumentException("the training set (" + training.size() + " samples) is smaller than one batch ("
                    + config.batchSize() + ")");
        }
        long start = System.nanoTime();
        engine.setParameters(resume != null ? resume.current() : initial);
        if (resume != null) engine.restoreOptimizer(resume.optimizer());
        SplittableRandom shuffler = new SplittableRandom(config.shuffleSeed());
        int[] order = new int[training.size()];
        int stepsPerEpoch = training.size() / config.batchSize();
        int[] batchCorrect = new int[stepsPerEpoch];
        int first = resume == null ? 0 : resume.epochs();
        if (first > config.epochs()) throw new IllegalArgumentException("the checkpoint has " + first + " epochs, the training only " + config.epochs());
        for (int e = 0; e < first; e++) shuffle(order, shuffler);   // the shuffles of the epochs already trained
        int[] validationLabels = validation.source().labels();
        int classes = engine.network().classes();
        List<EpochRecord> history = new ArrayList<>();
        double[] validationLosses = new double[config.epochs()];
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Parameters best = null;
        boolean stopped = false;
        Parameters from = resume != null ? resume.current() : initial;
        if (resume != null) {
            history.addAll(resume.history());
            System.arraycopy(resume.validationLosses(), 0, validationLosses, 0, first);
            bestLoss = resume.bestLoss();
            bestEpoch = resume.bestEpoch();
            best = resume.best();
        }
        boolean learns1 = from.weightMap1() instanceof WeightMap.LearnedSigns, learns2 = from.weightMap2() instanceof WeightMap.LearnedSigns;
        float[] signs1 = from.sign1(), signs2 = from.sign2();
        for (int e = first; e < config.epochs(); e++) {
            long epochStart = System.nanoTime();
            shuffle(order, shuffler);
            float[] losses = engine.train(training, order, config.batchSize(), batchCorrect);
            double trainLoss = mean(losses);
            double trainAccuracy = 100.0 * sum(batchCorrect) / ((long) stepsPerEpoch * config.batchSize());
            float[] validationLogits = engine.logits(validation);
            double validationLoss = Scores.meanNegativeLogLikelihood(validationLogits, validationLabels, classes);
            int[] predicted = Scores.argmax(validationLogits, classes);
            int correct = 0;
            for (int b = 0; b < predicted.length; b++) if (predicted[b] == validationLabels[b]) correct++;
            double validationAccuracy = 100.0 * correct / predicted.length;
            if (!Double.isFinite(trainLoss) || !Double.isFinite(validationLoss)) {
                throw new TrainingDivergedException("training diverged in epoch " + (e + 1) + ": loss is " + trainLoss
                        + " (training) / " + validationLoss + " (validation); try a smaller --lr");
            }
            validationLosses[e] = validationLoss;
            boolean improved = validationLoss < bestLoss;
            boolean checkpoint = checkpoints != null && e + 1 < config.epochs();
            // one copy of the parameters per epoch, for whichever of these needs it
            Parameters now = improved || learns1 || learns2 || checkpoint ? engine.parameters() : null;
            if (improved) {
                bestLoss = validationLoss;
                bestEpoch = e + 1;
                best = now;
            }
            int flips1 = -1, flips2 = -1;
            if (learns1) flips1 = flips(signs1, signs1 = now.sign1());
            if (learns2) flips2 = flips(signs2, signs2 = now.sign2());
            EpochRecord record = new EpochRecord(e + 1, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
                    (System.nanoTime() - epochStart) / 1e9, flips1, flips2);
            history.add(record);
            listener.epochFinished(record, config.epochs(), improved);
            if (shouldStop(validationLosses, e)) {
                stopped = true;
                break;
            }
            if (checkpoint) {
                checkpoints.accept(new Checkpoint(e + 1, history, java.util.Arrays.copyOf(validationLosses, e + 1), bestLoss, bestEpoch, best,
                        now, engine.optimizerState()));
            }
            if (e + 1 < config.epochs() && stopRequested.getAsBoolean()) throw new TrainingInterruptedException(e + 1, config.epochs());
        }
        boolean keepBest = config.keep() == TrainingConfig.KeepPolicy.BEST || stopped;
        Parameters kept = keepBest ? best : engine.parameters();
        int keptEpoch = keepBest ? bestEpoch : history.size();
        return new TrainingResult(List.copyOf(history), bestEpoch, stopped, keptEpoch, keepBest ? "best" : "final", kept,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The notebook's rule: after epoch e (0-based), stop when e > window and the oldest of the last
     * {@code window} validation losses is their minimum (the first one wins a tie, as argmin).
     */
    boolean shouldStop(double[] validationLosses, int e) {
        int window = config.earlyStopWindow();
        if (window == 0 || e <= window) return false;
        int first = e - window + 1;
        for (int k = first + 1; k <= e; k++) {
            if (validationLosses[k] < validationLosses[first]) return false;
        }
        return true;
    }

    /** The order of one epoch: the identity, Fisher-Yates shuffled by {@code random}. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    private static int flips(float[] before, float[] after) {
        int n = 0;
        for (int r = 0; r < before.length; r++) if (before[r] != after[r]) n++;
        return n;
    }

    private static long sum(int[] values) {
        long sum = 0;
        for (int v : values) sum += v;
        return sum;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) sum += v;
        return sum / values.length;
    }

    /** The training stopped on request after {@code epochs} of {@code of} epochs, its checkpoint saved. */
    public static final class TrainingInterruptedException extends RuntimeException {
        public final int epochs, of;

        public TrainingInterruptedException(int epochs, int of) {
            super("stopped after epoch " + epochs + " of " + of);
            this.epochs = epochs;
            this.of = of;
        }
    }

    /** The loss became NaN or infinite. */
    public static final class TrainingDivergedException extends RuntimeException {
        public TrainingDivergedException(String message) {
            super(message);
        }
    }
}
