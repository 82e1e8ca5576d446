package org.snnloc.cli;

/** The user's input is wrong; the message names the problem and the command exits with 2. */
final class InvalidInputException extends RuntimeException {
    InvalidInputException(String message) {
        super(message);
    }
}
