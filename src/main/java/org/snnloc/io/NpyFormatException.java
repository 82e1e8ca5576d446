package org.snnloc.io;

/** A .npy or .npz file that is not what it should be; the message names the problem. */
public class NpyFormatException extends RuntimeException {
    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
