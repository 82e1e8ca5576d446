package org.snnloc.io;

import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Checkpoint;
import org.snnloc.train.EpochRecord;
import org.snnloc.train.OptimizerState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training's checkpoint in its unfinished run folder: {@code checkpoint.npz} (the current and
 * the best parameters and Adam's moments, each array under a prefix and its name: {@code current_w1},
 * {@code best_w1}, {@code adam_m_w1}, {@code adam_v_w1}; the validation losses and the counters
 * under {@code state_}) and {@code history.csv}. Both are written atomically, the history first,
 * so the history on disk is never behind the checkpoint (it may be ahead, by the epochs after a
 * checkpoint that was not written), and the checkpoint says how many of its rows to take.
 */
public final class CheckpointFile {
    public static final String FILE = "checkpoint.npz";
    private static final String CURRENT = "current_", BEST = "best_", FIRST = "adam_m_", SECOND = "adam_v_";

    private CheckpointFile() {}

    public static void write(Path folder, Checkpoint c) throws IOException {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        put(a, CURRENT, c.current().arrays());
        put(a, BEST, c.best().arrays());
        put(a, FIRST, c.optimizer().firstMoments());
        put(a, SECOND, c.optimizer().secondMoments());
        a.put("state_validation_losses", NpyArray.ofDoubles(c.validationLosses(), c.epochs()));
        a.put("state_epochs", NpyArray.scalarInt64(c.epochs()));
        a.put("state_adam_steps", NpyArray.scalarInt64(c.optimizer().steps()));
        a.put("state_best_epoch", NpyArray.scalarInt64(c.bestEpoch()));
        a.put("state_best_loss", NpyArray.scalarFloat64(c.bestLoss()));
        RunFolder.writeHistory(folder.resolve(RunFolder.HISTORY), c.history());
        Npz.write(folder.resolve(FILE), a, false);
    }

    private static void put(Map<String, NpyArray> into, String prefix, Map<String, float[]> arrays) {
        arrays.forEach((name, values) -> into.put(prefix + name, NpyArray.ofFloats(values, values.length)));
    }

    /** The checkpoint in {@code folder} of a run with this network and these weight maps; a damaged one is refused naming the problem. */
    public static Checkpoint read(Path folder, NetworkConfig network, WeightMap map1, WeightMap map2) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new NpyFormatException(folder + " has no " + FILE + " (the run stopped before its first checkpoint)");
        }
        InputFiles.require(file);
        Map<String, NpyArray> a = Npz.read(file);
        try {
            int epochs = (int) a.get("state_epochs").getLong(0);
            List<EpochRecord> history = RunFolder.readHistory(folder.resolve(RunFolder.HISTORY));
            if (history.size() > epochs) history = history.subList(0, epochs);   // written before the checkpoint, so perhaps ahead of it
            Parameters current = new Parameters(network, map1, map2, take(a, CURRENT));
            Parameters best = new Parameters(network, map1, map2, take(a, BEST));
            OptimizerState optimizer = new OptimizerState((int) a.get("state_adam_steps").getLong(0), take(a, FIRST), take(a, SECOND));
            return new Checkpoint(epochs, history, a.get("state_validation_losses").toDoubles(), a.get("state_best_loss").getDouble(0),
                    (int) a.get("state_best_epoch").getLong(0), best, current, optimizer);
        } catch (NullPointerException | IllegalArgumentException | IOException e) {
            throw new NpyFormatException(file + " is not a checkpoint of this run (" + e.getMessage() + ")");
        }
    }

    private static Map<String, float[]> take(Map<String, NpyArray> a, String prefix) {
        Map<String, float[]> out = new LinkedHashMap<>();
        a.forEach((name, array) -> {
            if (name.startsWith(prefix)) out.put(name.substring(prefix.length()), array.toFloats());
        });
        return out;
    }
}
