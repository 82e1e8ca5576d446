package org.snnloc.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The tables snnloc writes (runs.csv, history.csv), read back: a damaged one is refused naming the file and the line. */
public final class CsvFiles {
    private CsvFiles() {}

    /** Reads one row of a table; may throw {@link IllegalArgumentException} for a cell that is not what it should be. */
    @FunctionalInterface
    public interface Row<T> {
        T read(CSVRecord record);
    }

    /**
     * The rows of {@code file} after its header, which must name every column of {@code required};
     * {@code rows} is given the header's column names and returns how to read a row.
     */
    public static <T> List<T> read(Path file, List<String> required, Function<List<String>, Row<T>> rows) throws IOException {
        InputFiles.require(file);
        List<T> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            List<String> header = csv.getHeaderNames();
            for (String column : required) {
                if (!header.contains(column)) throw new InputFiles.CorruptFileException(file + " has no column '" + column + "'");
            }
            Row<T> row = rows.apply(header);
            for (CSVRecord r : csv) {
                long line = r.getRecordNumber() + 1;   // the header is line 1
                if (r.size() != header.size()) {
                    throw new InputFiles.CorruptFileException(file + " line " + line + " has " + r.size() + " cells, its header " + header.size());
                }
                try {
                    out.add(row.read(r));
                } catch (IllegalArgumentException e) {   // a cell that is not a number
                    throw new InputFiles.CorruptFileException(file + " line " + line + ": " + e.getMessage(), e);
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputFiles.CorruptFileException(file + " is not UTF-8 text", e);
        } catch (java.io.UncheckedIOException e) {   // commons-csv reports a malformed file so
            throw new InputFiles.CorruptFileException(file + " cannot be read as CSV (" + e.getCause().getMessage() + ")", e);
        }
        return out;
    }
}
