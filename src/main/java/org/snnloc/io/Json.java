package org.snnloc.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON files of a run (config, metrics, summaries), written atomically and pretty-printed. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, value));
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /**
     * Writes a small document of the kinds of values runs write (numbers, strings, booleans,
     * nested maps, lists, int and double matrices) to nothing: Jackson builds its serialisers on
     * first use, about a tenth of a second even with the start-up cache, which a caller can spend
     * on an idle core at start-up instead of at the end of a run.
     */
    public static void prepare() {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("number", 1.5);
        sample.put("count", 3L);
        sample.put("flag", true);
        sample.put("name", "x");
        sample.put("list", List.of(1, 2.5));
        sample.put("counts", new int[][] {{1, 2}, {3, 4}});
        sample.put("fractions", new double[][] {{0.5}, {0.25}});
        sample.put("nested", Map.of("inner", new double[] {1, 2}));
        toString(sample);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
