package org.snnloc.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lock on a file that says a command works in a folder. The operating system releases it when
 * the process ends however it ends, so a killed command never leaves a folder locked; the file's
 * content means nothing, and it may stay behind.
 */
public final class LockFile implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code file} ({@code shared} with other holders of a shared lock), or
     * returns null when another process (or this one) holds it. A lock file that is not a regular
     * file (a folder, link or device put there) is refused naming it.
     */
    public static LockFile tryAcquire(Path file, boolean shared) throws IOException {
        FileChannel channel = open(file);
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return new LockFile(channel, lock);
    }

    /** Takes the exclusive lock of {@code file}, waiting while another process holds it. */
    public static LockFile acquire(Path file) throws IOException {
        FileChannel channel = open(file);
        try {
            return new LockFile(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the lock file " + file + " is not a regular file; delete it if no snnloc command is running");
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
