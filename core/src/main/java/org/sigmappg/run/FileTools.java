package org.sigmappg.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Set;

/**
 * File operations that never leave a torn file behind: write to a temporary sibling, flush to disk,
 * then rename atomically over the target. Also owner-only permissions for workspace files.
 */
public final class FileTools {
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    /** Glob of the temporary siblings {@link #writeAtomically} writes, for removing those a killed process left. */
    public static final String TEMPORARY_GLOB = ".*.tmp";

    private FileTools() {
    }

    /** Something that writes the whole content of a file. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically: readers see the old file or the whole new one, never a part. */
    public static void writeAtomically(Path target, ContentWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            ownerOnly(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            moveAtomically(tmp, target);
            fsyncDirectory(dir);
        } catch (IOException e) {
            if (isDiskFull(e)) {
                throw new IOException(target + ": the disk is full; the file was not written"
                        + (Files.exists(target) ? " and its previous version is unchanged" : "") + "; free some space", e);
            }
            throw e;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether {@code e} or one of its causes says the disk (or the database file's disk) is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            // SQLite reports a full disk while it grows its shared-memory index (workspace.db-shm) as SHMSIZE.
            if (m != null && (m.contains("No space left on device") || m.contains("SQLITE_FULL") || m.contains("Disk quota exceeded")
                    || m.contains("SQLITE_IOERR_SHMSIZE"))) {
                return true;
            }
        }
        return false;
    }

    public static void writeStringAtomically(Path target, String content) throws IOException {
        writeAtomically(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Renames atomically, replacing the target; fails rather than copying when atomic rename is impossible. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (different file systems?)", e);
        }
    }

    /** Makes a rename durable on file systems that need the directory entry flushed (best effort). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can open a directory; the rename itself is still atomic.
        }
    }

    /**
     * Creates a directory and its missing parents readable by the owner only, where the file system has POSIX
     * modes. Only the folders created here are restricted: one that exists keeps the permissions its owner chose
     * (a folder made read-only stays read-only).
     */
    public static Path createOwnerOnlyDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first (or it is a file, which the next step reports).
                continue;
            }
            ownerOnly(p);
        }
        if (!Files.isDirectory(abs)) {
            throw new FileAlreadyExistsException(abs + " is a file, not a folder");
        }
        return dir;
    }

    /** Restricts a file or folder this process has just created to its owner where the file system supports POSIX permissions. */
    public static void ownerOnly(Path p) throws IOException {
        if (!Files.getFileStore(p).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? OWNER_DIR : OWNER_FILE);
    }

    /**
     * Deletes a folder tree; missing is fine, and so is another process deleting the same tree at the same time
     * (a listing that opens the workspace may finish a deletion this process started).
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null && !(exc instanceof NoSuchFileException)) {
                        throw exc;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // The whole tree went while this process walked it.
        }
    }

    /** SHA-256 of a file's bytes, as lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256Digest();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of a string's UTF-8 bytes, as lower-case hex. */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(sha256Digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
