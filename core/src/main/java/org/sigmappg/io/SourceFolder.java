package org.sigmappg.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder an import reads, which every file it reads must sit inside: a name that a header, a layout or a
 * recipe writes is resolved against the folder it is relative to and refused when it is absolute, climbs out
 * with "..", or leads out through a symbolic link; links met in the folder that lead out of it are not
 * followed unless the user asked for that.
 *
 * <p>A file is judged by where it really is (links followed), compared with where the folder really is, so
 * a folder reached through a link of its own (a data disk linked into the home folder) is judged by its
 * target, and a file outside can never be read because a name or a link in the folder points at it.
 */
public final class SourceFolder {
    private final Path root;
    private final Path realRoot;
    private final boolean followLinks;
    /** How the user may have links out of the folder followed, for messages; empty where nothing can. */
    private final String linkAdvice;

    private SourceFolder(Path folder, boolean followLinks, String linkAdvice) throws IOException {
        this.root = folder.toAbsolutePath().normalize();
        try {
            this.realRoot = root.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ReadException(root, null, "no such file or folder", e);
        }
        this.followLinks = followLinks;
        this.linkAdvice = linkAdvice;
    }

    /**
     * The folder that an import reads. With {@code followLinks} (the import's --follow-links), symbolic links
     * inside it may lead anywhere; the names written in its files must still stay inside it.
     */
    public static SourceFolder of(Path folder, boolean followLinks) throws IOException {
        return new SourceFolder(folder, followLinks, followLinks ? "" : " (add --follow-links to follow such links)");
    }

    /** A folder that must hold every file it is read for, with no way to follow links out of it. */
    public static SourceFolder strict(Path folder) throws IOException {
        return new SourceFolder(folder, false, "");
    }

    /** The folder as given, absolute and without "." or ".." parts; names in messages are relative to it. */
    public Path root() {
        return root;
    }

    public boolean followsLinks() {
        return followLinks;
    }

    /**
     * The file that {@code name}, written in {@code namedIn} at {@code location}, names relative to the folder
     * {@code base}; the file need not exist (reading it then says so).
     *
     * @param what what the name stands for, for the message ("the signal file")
     * @throws ReadException naming {@code namedIn} and {@code location} when the file is outside this folder
     */
    public Path resolve(Path base, String name, Path namedIn, String location, String what) throws ReadException {
        Path file;
        try {
            file = base.toAbsolutePath().resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new ReadException(namedIn, location, what + " '" + name + "' is not a possible file name: " + e.getReason());
        }
        Optional<String> why = whyOutside(file);
        if (why.isPresent()) {
            throw new ReadException(namedIn, location, what + " '" + name + "' " + why.get()
                    + "; the files that a header, a recipe or a bundle names must sit inside that folder");
        }
        return file;
    }

    /**
     * Why {@code file} may not be read as part of this folder, or empty if it may: it lies outside it, or it
     * is (or lies under) a link that leads out of it. A file that does not exist, or whose links cannot be
     * followed, is left to the reader, whose attempt to read it reports that.
     */
    public Optional<String> whyOutside(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            return Optional.of("is outside the folder " + root);
        }
        if (followLinks) {
            return Optional.empty();
        }
        Path real;
        try {
            real = abs.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        return real.startsWith(realRoot) ? Optional.empty()
                : Optional.of("leads through a symbolic link to " + real + ", outside the folder " + root + linkAdvice);
    }

    /**
     * Why an entry met while walking this folder is not taken, or empty if it is: a symbolic link that leads
     * out of the folder (unless links are followed), whose target does not exist, or that loops. The folders
     * above the entry were judged as the walk entered them, so only the entry itself can be such a link.
     */
    public Optional<String> whyNotFollowed(Path entry) {
        if (!Files.isSymbolicLink(entry)) {
            return Optional.empty();
        }
        try {
            Path real = entry.toRealPath();
            return followLinks || real.startsWith(realRoot) ? Optional.empty()
                    : Optional.of("a symbolic link to " + real + ", outside the folder " + root + "; not followed" + linkAdvice);
        } catch (NoSuchFileException e) {
            return Optional.of("a symbolic link to " + target(entry) + ", which does not exist; nothing to import");
        } catch (AccessDeniedException e) {
            return Optional.of("a symbolic link whose target cannot be read: permission denied");
        } catch (FileSystemException e) {
            return Optional.of("a symbolic link that loops back to itself through links; nothing to import");
        } catch (IOException e) {
            return Optional.of("a symbolic link whose target cannot be read: " + e.getMessage());
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing file";
        }
    }
}
