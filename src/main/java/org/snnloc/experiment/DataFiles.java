package org.snnloc.experiment;

import org.snnloc.io.DataFile;
import org.snnloc.io.InputFiles;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's own spike data for some of a run's sets ({@code --train-data}, {@code --validation-data},
 * {@code --test-data}; the {@code data.npz} schema); a set without a file is generated from the
 * run's stimulus as usual. Each file is recorded with its size and SHA-256, so a run says exactly
 * what it trained on, and a file changed since is refused instead of silently used.
 */
public record DataFiles(Source train, Source validation, Source test) {

    /** One data file: its absolute path, SHA-256 (hex) and number of samples. */
    public record Source(String path, String sha256, int samples) {

        /** Reads {@code file}, recording its checksum; the caller checks the set against the run. */
        public static Loaded read(Path file, int classes) {
            Path absolute = file.toAbsolutePath().normalize();
            String sha = checksum(absolute);
            SpikeDataset data = DataFile.read(absolute, classes);
            return new Loaded(new Source(absolute.toString(), sha, data.size()), data);
        }

        /** The set again, refused when the file is gone or differs from what was recorded. */
        public SpikeDataset load(int classes) {
            Path file = Path.of(path);
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("the data file " + path + " of this run is gone");
            String now = checksum(file);
            if (!now.equals(sha256)) {
                throw new IllegalArgumentException("the data file " + path + " changed since the run was set up (SHA-256 " + sha256.substring(0, 12)
                        + "... then, " + now.substring(0, 12) + "... now)");
            }
            SpikeDataset data = DataFile.read(file, classes);
            if (data.size() != samples) throw new IllegalArgumentException("the data file " + path + " holds " + data.size() + " samples, not " + samples);
            return data;
        }
    }

    /** A run's set: read from {@code file}, or generated from {@code stimulus} with {@code seed} when there is none. */
    static SpikeDataset set(Source file, StimulusConfig stimulus, int samples, long seed) {
        return file != null ? file.load(stimulus.classes()) : new IpdStimulus(stimulus).generate(samples, seed);
    }

    /** A file as read: where it came from, and its samples. */
    public record Loaded(Source source, SpikeDataset data) {}

    private static String checksum(Path file) {
        try {
            return InputFiles.sha256(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
