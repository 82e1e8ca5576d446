package org.snnloc.model;

import java.util.Locale;

/** The name of a variant of a sealed model type, as configs and the command line spell it. */
public final class Variants {
    private Variants() {}

    /** The record's name in kebab case: {@code FastSigmoid -> fast-sigmoid}, {@code Abs -> abs}. */
    public static String name(Class<?> variant) {
        return variant.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
