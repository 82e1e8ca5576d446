package org.snnloc.cli;

import org.snnloc.experiment.Grid;
import org.snnloc.experiment.RunSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a grid sweep ({@code --vary KEY=VALUES}) by the command line's own rules: every grid point
 * is the experiment command's run options with the point's values given as options, parsed and
 * checked as {@code snnloc train} would parse them. So every run option is a key, and a value the
 * option refuses is refused with the option's own message.
 */
final class GridPlanner {
    /** Where a key's value may come from: the run options of train. */
    private static final Set<Class<?>> RUN_OPTION_HOLDERS = Set.of(RunOptions.class, ModelOptions.class, StimulusOptions.class,
            SignOptions.class);
    private static final int MAX_POINTS = 10_000;

    private GridPlanner() {}

    /** The run options of one grid point, as {@code train} has them. */
    @Command(name = "run")
    static final class RunArguments {
        @Mixin
        RunOptions run = new RunOptions();

        @Mixin
        SignOptions signs = new SignOptions();

        RunSpec spec() {
            return run.toRunSpec(signs.layer1(run.modelOptions.givenMap1()), signs.layer2(run.modelOptions.givenMap2()));
        }
    }

    /** Whether {@code option} is one of train's run options (network, stimulus, training, data, signs). */
    static boolean isRunOption(OptionSpec option) {
        return option.userObject() instanceof Field field && RUN_OPTION_HOLDERS.contains(field.getDeclaringClass());
    }

    /** The run options matched on {@code command}'s line, spelled again as arguments. */
    static List<String> baseArguments(ParseResult command) {
        List<String> args = new ArrayList<>();
        // an option given several times is listed once per occurrence, each with all its values
        for (OptionSpec option : new java.util.LinkedHashSet<>(command.matchedOptions())) {
            if (!isRunOption(option)) continue;
            args.addAll(respelled(option, false));
        }
        return args;
    }

    /**
     * A matched option spelled again as arguments: a switch as itself when it is on (nothing when
     * given as =false), values as given, file paths made absolute when {@code absolutePaths}.
     */
    static List<String> respelled(OptionSpec option, boolean absolutePaths) {
        List<String> args = new ArrayList<>();
        if (option.arity().max() == 0) {
            if (!Boolean.FALSE.equals(option.getValue())) args.add(option.longestName());
            return args;
        }
        for (String value : option.originalStringValues()) {
            boolean path = option.type() == java.nio.file.Path.class;
            args.add(option.longestName() + "=" + (path && absolutePaths ? java.nio.file.Path.of(value).toAbsolutePath().normalize().toString() : value));
        }
        return args;
    }

    /** The run settings of {@code args}; a problem is reported as invalid input. */
    static RunSpec spec(List<String> args, String context) {
        RunArguments point = new RunArguments();
        try {
            new CommandLine(point).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidInputException(context + e.getMessage());
        }
        try {
            return point.spec();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(context + e.getMessage());
        }
    }

    /** {@code KEY=VALUES}: a list {@code a,b,c}, or {@code start:stop:step} for a numeric key (stop included). */
    static Grid.Axis axis(String vary) {
        int equals = vary.indexOf('=');
        if (equals <= 0) throw new InvalidInputException("--vary takes KEY=VALUES (e.g. tau-ms=2,5,10 or ie-ratio=0:1:0.1), got '" + vary + "'");
        String key = vary.substring(0, equals).trim(), values = vary.substring(equals + 1).trim();
        OptionSpec option = runOptions().findOption("--" + key);
        if (option == null || key.startsWith("-") || key.equals("help") || key.equals("version")) {
            throw new InvalidInputException("--vary: '" + key + "' is not a run option; keys are " + String.join(", ", keys()));
        }
        if (key.equals("seed")) {
            throw new InvalidInputException("--vary seed: each run's seeds already derive from its settings and repeat; use --repeats N for "
                    + "more runs of each point, or another --seed for another set of them");
        }
        Class<?> type = option.type();
        boolean whole = type == int.class || type == Integer.class || type == long.class || type == Long.class;
        boolean real = type == double.class || type == Double.class || type == float.class || type == Float.class;
        boolean flag = option.arity().max() == 0;
        List<Object> parsed = new ArrayList<>();
        if ((whole || real) && values.split(":", -1).length == 3) {
            parsed.addAll(range(key, values, whole));
        } else {
            for (String v : values.split(",", -1)) {
                String value = v.trim();
                if (value.isEmpty()) throw new InvalidInputException("--vary " + key + ": an empty value in '" + values + "'");
                parsed.add(flag ? booleanValue(key, value) : whole ? wholeValue(key, value) : real ? realValue(key, value) : value);
            }
        }
        try {
            return new Grid.Axis(key, parsed);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** Every point of the grid, its run settings parsed from {@code base} with the point's values given. */
    static Grid plan(List<String> base, List<Grid.Axis> axes, int repeats) {
        List<String> keys = axes.stream().map(Grid.Axis::key).toList();
        if (keys.stream().distinct().count() != keys.size()) throw new InvalidInputException("--vary names a key twice: " + keys);
        long size = 1;
        for (Grid.Axis axis : axes) {
            size *= axis.values().size();
            if (size > MAX_POINTS) throw new InvalidInputException("the grid has more than " + MAX_POINTS + " points; at most " + MAX_POINTS + " per command");
        }
        ExperimentCommand.requireRepeats(repeats, (int) size, 0);
        List<String> unvaried = new ArrayList<>();
        for (String arg : base) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!keys.contains(name.substring(2))) unvaried.add(arg);
        }
        List<Grid.Point> points = new ArrayList<>();
        for (Map<String, Object> values : Grid.combinations(axes)) {
            List<String> args = new ArrayList<>(unvaried);
            StringBuilder context = new StringBuilder("--vary ");
            values.forEach((key, value) -> {
                context.append(key).append('=').append(Grid.label(value)).append(' ');
                if (value instanceof Boolean b) {
                    if (b) args.add("--" + key);
                } else {
                    args.add("--" + key + "=" + Grid.label(value));
                }
            });
            points.add(new Grid.Point(values, spec(args, context.toString().trim() + ": ")));
        }
        return new Grid(axes, repeats, points);
    }

    private static List<Object> range(String key, String values, boolean whole) {
        String[] parts = values.split(":");
        BigDecimal start, stop, step;
        try {
            start = new BigDecimal(parts[0].trim());
            stop = new BigDecimal(parts[1].trim());
            step = new BigDecimal(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--vary " + key + ": a range is start:stop:step of numbers, got '" + values + "'");
        }
        if (step.signum() <= 0) throw new InvalidInputException("--vary " + key + ": the step of " + values + " must be positive");
        if (stop.compareTo(start) < 0) throw new InvalidInputException("--vary " + key + ": " + values + " stops before it starts");
        if (whole && (start.stripTrailingZeros().scale() > 0 || step.stripTrailingZeros().scale() > 0)) {
            throw new InvalidInputException("--vary " + key + " takes whole numbers, got the range " + values);
        }
        BigDecimal count = stop.subtract(start).divide(step, 0, java.math.RoundingMode.FLOOR).add(BigDecimal.ONE);
        if (count.compareTo(BigDecimal.valueOf(MAX_POINTS)) > 0) {
            throw new InvalidInputException("--vary " + key + ": " + values + " has " + count + " values; at most " + MAX_POINTS);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count.intValue(); i++) {
            BigDecimal value = start.add(step.multiply(BigDecimal.valueOf(i)));
            out.add(whole ? (Object) value.longValueExact() : (Object) value.doubleValue());
        }
        return out;
    }

    private static Object wholeValue(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--vary " + key + " takes whole numbers, got '" + value + "'");
        }
    }

    private static Object realValue(String key, String value) {
        try {
            double d = Double.parseDouble(value);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--vary " + key + " takes numbers, got '" + value + "'");
        }
    }

    private static Object booleanValue(String key, String value) {
        if (value.equals("true") || value.equals("false")) return Boolean.parseBoolean(value);
        throw new InvalidInputException("--vary " + key + " is a switch: its values are true and false, got '" + value + "'");
    }

    private static CommandLine.Model.CommandSpec runOptions() {
        return new CommandLine(new RunArguments()).getCommandSpec();
    }

    /** The keys --vary takes: every run option's long name without dashes. */
    static List<String> keys() {
        return runOptions().options().stream().map(o -> o.longestName().substring(2)).toList();
    }
}
