package org.snnloc.cli;

import org.snnloc.backend.BackendSelector;
import org.snnloc.io.NpyFormatException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * Exit codes: 0 success, 1 failure while working, 2 invalid input (a bad flag or value, a missing
 * or corrupt file, an unusable forced backend). Errors are one line on stderr; {@code --verbose}
 * adds the stack trace.
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int INVALID_INPUT = 2;

    private ExitCodes() {}

    static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + e.getMessage() + " (see '" + qualifiedName(cmd) + " --help')");
        if (List.of(args).contains("--verbose")) e.printStackTrace(err);
        err.flush();
        return INVALID_INPUT;
    }

    static int onExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean invalidInput = isInvalidInput(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println(cmd.getCommandName() + ": " + (invalidInput ? "" : "error: ") + message);
        if (isVerbose(cmd)) e.printStackTrace(err);
        else if (!invalidInput) err.println("(run again with --verbose for the stack trace)");
        err.flush();
        return invalidInput ? INVALID_INPUT : FAILURE;
    }

    static boolean isInvalidInput(Throwable e) {
        return e instanceof InvalidInputException || e instanceof NpyFormatException
                || e instanceof BackendSelector.UnavailableBackendException || e instanceof IllegalArgumentException;
    }

    private static boolean isVerbose(CommandLine cmd) {
        return cmd.getMixins().values().stream().anyMatch(m -> m instanceof TerminalOptions t && t.verbose);
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getParent() == null ? cmd.getCommandName() : qualifiedName(cmd.getParent()) + " " + cmd.getCommandName();
    }

}
