package org.snnloc.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.train.EpochRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** history.csv: written with every column of {@link EpochRecord}, read back by column name, also from files of before a column. */
class HistoryFileTest {
    @TempDir
    Path dir;

    @Test
    void aHistoryReadsBackExactly() throws IOException {
        List<EpochRecord> fixed = List.of(new EpochRecord(1, 2.4849066497880004, 9.375, 2.3, 12.5, 0.81),
                new EpochRecord(2, 1.0 / 3, 100.0 * 47 / 96, 0.1 + 0.2, Double.NaN, 1e-3));
        Path file = dir.resolve("fixed.csv");
        RunFolder.writeHistory(file, fixed);
        assertEquals("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds", Files.readAllLines(file).get(0));
        assertEquals(fixed, RunFolder.readHistory(file));

        List<EpochRecord> learned = List.of(new EpochRecord(1, 2.0, 25.0, 1.9, 30.0, 0.5, 3, -1), new EpochRecord(2, 1.5, 50.0, 1.4, 40.0, 0.5, 0, -1));
        Path flips = dir.resolve("flips.csv");
        RunFolder.writeHistory(flips, learned);
        assertEquals("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,sign_flips_w1,sign_flips_w2",
                Files.readAllLines(flips).get(0));
        assertEquals(learned, RunFolder.readHistory(flips));
    }

    @Test
    void aHistoryOfBeforeTheAccuraciesReadsNaNForThemAndColumnsGoByName() throws IOException {
        Path old = dir.resolve("old.csv");
        Files.writeString(old, "epoch,train_loss,validation_loss,validation_accuracy,seconds,sign_flips_w1,sign_flips_w2\n1,2.5,2.25,12.5,0.75,4,\n");
        assertEquals(List.of(new EpochRecord(1, 2.5, Double.NaN, 2.25, 12.5, 0.75, 4, -1)), RunFolder.readHistory(old));
        Path older = dir.resolve("older.csv");
        Files.writeString(older, "epoch,train_loss,validation_loss,seconds\n1,2.5,2.25,0.75\n2,2.0,1.75,0.5\n");
        List<EpochRecord> read = RunFolder.readHistory(older);
        assertEquals(List.of(new EpochRecord(1, 2.5, Double.NaN, 2.25, Double.NaN, 0.75), new EpochRecord(2, 2.0, Double.NaN, 1.75, Double.NaN, 0.5)),
                read);
        Path shuffled = dir.resolve("shuffled.csv");
        Files.writeString(shuffled, "seconds,validation_accuracy,epoch,validation_loss,train_accuracy,train_loss\n0.75,12.5,1,2.25,37.5,2.5\n");
        assertEquals(List.of(new EpochRecord(1, 2.5, 37.5, 2.25, 12.5, 0.75)), RunFolder.readHistory(shuffled));
        assertTrue(RunFolder.readHistory(dir.resolve("absent.csv")).isEmpty());
    }
}
