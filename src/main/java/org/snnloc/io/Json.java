package org.snnloc.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

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

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
