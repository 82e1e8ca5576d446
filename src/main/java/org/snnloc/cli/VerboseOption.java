package org.snnloc.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every command: errors then come with their stack trace. */
final class VerboseOption {
    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;
}
