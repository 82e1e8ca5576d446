package org.snnloc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists a training command's options in groups in its {@code --help}: model, stimulus, training,
 * data and the rest. The groups go by the option holder and, within {@link RunOptions}, by name.
 */
final class OptionGroups {
    private static final List<String> TRAINING = List.of("--epochs", "--lr", "--batch-size", "--keep", "--early-stop-window", "--seed",
            "--init-model");
    private static final List<String> DATA = List.of("--train-batches", "--validation-samples", "--test-batches", "--train-data",
            "--validation-data", "--test-data");

    private OptionGroups() {}

    /** Replaces the option list of {@code command}'s help with grouped lists. */
    static void apply(CommandLine command) {
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, OptionGroups::render);
    }

    private static String render(Help help) {
        Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
        for (String heading : List.of("Model", "Stimulus", "Training", "Data", "Run")) groups.put(heading, new ArrayList<>());
        for (OptionSpec option : help.commandSpec().options()) {
            if (option.hidden()) continue;
            groups.get(groupOf(option)).add(option);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> group : groups.entrySet()) {
            if (group.getValue().isEmpty()) continue;
            Help.Layout layout = help.createDefaultLayout();
            for (OptionSpec option : group.getValue()) layout.addOption(option, help.parameterLabelRenderer());
            out.append(group.getKey()).append(":\n").append(layout);
        }
        return out.toString();
    }

    private static String groupOf(OptionSpec option) {
        Class<?> holder = option.userObject() instanceof Field field ? field.getDeclaringClass() : Object.class;
        if (holder == SignOptions.class || holder == ModelOptions.class) return "Model";
        if (holder == StimulusOptions.class) return "Stimulus";
        if (TRAINING.contains(option.longestName())) return "Training";
        if (DATA.contains(option.longestName())) return "Data";
        if (holder == RunOptions.class) return "Model";
        return "Run";
    }
}
