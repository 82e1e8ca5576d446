package org.snnloc.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * {@code --verbose} and {@code --quiet}, shared by the commands that work for a while: how much
 * they say on stderr. Results go to stdout and errors to stderr whatever is chosen.
 */
final class TerminalOptions {
    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Option(names = "--quiet", description = "print only results (stdout) and errors: no progress, backend or data lines on stderr")
    boolean quiet;

    /** Where the command's progress and notes go: stderr, or nowhere with --quiet. */
    PrintWriter progress(CommandSpec spec) {
        return quiet ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getErr();
    }
}
