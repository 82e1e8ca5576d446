package org.snnloc.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.Surrogate;
import org.snnloc.model.Variants;
import org.snnloc.model.WeightMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON files of a run (config, metrics, summaries), written atomically and pretty-printed, and the
 * one mapping between the model's records and JSON: record components become snake_case fields,
 * and each variant of a sealed model type (a {@link Surrogate}, a {@link WeightMap}, a
 * {@link LayerSigns}) is an object whose {@code kind} is its {@link Variants#name}
 * ({@code {"kind": "sigmoid", "scale": 5.0}}). A new variant needs no change here.
 */
public final class Json {
    private static final ObjectMapper MAPPER = build();

    private Json() {}

    private static ObjectMapper build() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)         // variants without parameters: just their kind
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addMixIn(Surrogate.class, ByKind.class)
                .addMixIn(WeightMap.class, ByKind.class)
                .addMixIn(LayerSigns.class, ByKind.class)
                .build();
        for (Class<?> sealed : List.of(Surrogate.class, WeightMap.class, LayerSigns.class)) registerVariants(mapper, sealed);
        return mapper;
    }

    /** Every record under a sealed type, through sealed sub-interfaces ({@link WeightMap.Elementwise}). */
    private static void registerVariants(ObjectMapper mapper, Class<?> sealed) {
        for (Class<?> variant : sealed.getPermittedSubclasses()) {
            if (variant.isSealed()) registerVariants(mapper, variant);
            else mapper.registerSubtypes(new NamedType(variant, Variants.name(variant)));
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    private interface ByKind {}

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

    /** The JSON tree of {@code file}; a file that is not JSON is refused naming it and where its text goes wrong. */
    public static JsonNode read(Path file) throws IOException {
        InputFiles.require(file);
        try {
            return MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw notJson(file, e);
        }
    }

    private static InputFiles.CorruptFileException notJson(Path file, com.fasterxml.jackson.core.JsonProcessingException e) {
        var where = e.getLocation();
        return new InputFiles.CorruptFileException(file + " cannot be read as JSON (" + (where == null ? "" : "line " + where.getLineNr() + ": ")
                + e.getOriginalMessage().lines().findFirst().orElse("").replaceFirst("\\s*\\[Source:.*$", "") + ")", e);   // the line is said already
    }

    /** A record (or any value) read back from JSON text; the record's own checks apply. */
    public static <T> T read(String json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        InputFiles.require(file);
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw notJson(file, e);
        }
    }

    /** A value as a tree, exactly as it would read back from its JSON text. */
    public static JsonNode tree(Object value) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
