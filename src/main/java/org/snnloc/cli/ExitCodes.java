package org.snnloc.cli;

import org.snnloc.backend.BackendSelector;
import org.snnloc.io.HeapSpace;
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
        boolean invalidInput = isInvalidInput(e) || isUnusablePath(e);
        String message = e instanceof java.nio.file.FileSystemException f ? describe(f)
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println(cmd.getCommandName() + ": " + (invalidInput ? "" : "error: ") + message);
        if (isVerbose(cmd)) e.printStackTrace(err);
        else if (!invalidInput) err.println("(run again with --verbose for the stack trace)");
        err.flush();
        return invalidInput ? INVALID_INPUT : FAILURE;
    }

    /**
     * A heap that ran out despite the checks made up front (which cover the large arrays, not
     * everything): one line on stderr with the heap's size and how to get a larger one.
     */
    static int onOutOfMemory(OutOfMemoryError e, String command, String[] args) {
        long heap = Runtime.getRuntime().maxMemory();
        System.err.println((command.isEmpty() ? "snnloc" : command) + ": error: out of memory (" + e.getMessage() + ", a heap of "
                + HeapSpace.size(heap) + "); give Java more with " + HeapSpace.heapOption(2 * heap) + " or use smaller sizes");
        if (List.of(args).contains("--verbose")) e.printStackTrace();
        System.err.flush();
        return FAILURE;
    }

    static boolean isInvalidInput(Throwable e) {
        return e instanceof InvalidInputException || e instanceof NpyFormatException
                || e instanceof BackendSelector.UnavailableBackendException || e instanceof IllegalArgumentException;
    }

    /** A path the user gave that cannot be used as it is (exit 2); a full disk or an I/O error is a failure while working (exit 1). */
    private static boolean isUnusablePath(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.NotDirectoryException
                || e instanceof java.nio.file.AccessDeniedException || e instanceof java.nio.file.FileAlreadyExistsException
                || isNotAFolder(e);
    }

    /** ENOTDIR as {@code Files.createDirectories} reports it: a plain FileSystemException, not a NotDirectoryException. */
    private static boolean isNotAFolder(Exception e) {
        return e instanceof java.nio.file.FileSystemException f && "Not a directory".equals(f.getReason());
    }

    /** A temporary file or staging folder beside a result ({@code .NAME.123.tmp}, {@code .NAME.123}) named as the result. */
    private static String asGiven(String path) {
        return path.replaceFirst("(^|/)\\.([^/]+?)\\.\\d+(\\.tmp)?$", "$1$2");
    }

    /**
     * A file the command cannot create, open or move, in words: the JDK's message for these is
     * often the bare path, and the path that of a temporary file the user never named.
     */
    static String describe(java.nio.file.FileSystemException e) {
        String reason = switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file or folder";
            case java.nio.file.NotDirectoryException n -> "a part of the path is not a folder";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.file.FileAlreadyExistsException a -> "a file of that name is in the way (or a part of the path is a file)";
            case java.nio.file.DirectoryNotEmptyException d -> "the folder is not empty";
            case java.nio.file.FileSystemException f when isNotAFolder(f) -> "a part of the path is not a folder";
            default -> e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        };
        String file = e.getFile() == null ? "" : asGiven(e.getOtherFile() != null ? e.getOtherFile() : e.getFile()) + ": ";
        return "cannot use " + file + reason;
    }

    private static boolean isVerbose(CommandLine cmd) {
        return cmd.getMixins().values().stream().anyMatch(m -> m instanceof TerminalOptions t && t.verbose);
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getParent() == null ? cmd.getCommandName() : qualifiedName(cmd.getParent()) + " " + cmd.getCommandName();
    }

}
