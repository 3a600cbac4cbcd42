package org.sigmappg.io.wfdb;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.SourceFolder;
import org.sigmappg.io.wfdb.WfdbHeader.Signal;

/**
 * The signals of one header that share a signal file: consecutive signal lines naming the same file,
 * stored interleaved frame by frame (each signal's samples-per-frame values in turn).
 */
final class SignalGroup {
    private final WfdbHeader header;
    /** Indices into {@code header.signals()}, in file order. */
    private final List<Integer> members;
    private final Path file;
    private final StorageFormat format;
    private final long byteOffset;
    private final int frameSize;

    private SignalGroup(WfdbHeader header, List<Integer> members, Path file) {
        this.header = header;
        this.members = List.copyOf(members);
        Signal first = header.signals().get(members.get(0));
        this.file = file;
        this.format = StorageFormat.of(first.format()).orElseThrow();
        this.byteOffset = first.byteOffset();
        this.frameSize = members.stream().mapToInt(i -> header.signals().get(i).samplesPerFrame()).sum();
    }

    /**
     * Groups the signals of a header that have stored samples in a format this package decodes, checking
     * that the header lays out all of its signal files consistently and that the files to read sit inside
     * {@code folder}. A FLAC file holds only FLAC signals, so leaving its group out leaves the other files whole.
     */
    static List<SignalGroup> of(WfdbHeader header, SourceFolder folder) throws ReadException {
        List<SignalGroup> groups = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Signal> signals = header.signals();
        int i = 0;
        while (i < signals.size()) {
            Signal first = signals.get(i);
            if (!first.hasData()) {
                i++;
                continue;
            }
            if (!seen.add(first.fileName())) {
                throw new ReadException(header.file(), "line " + first.line(), "signal file " + first.fileName()
                        + " appears again after other files; WFDB requires the signals stored in one file to be on"
                        + " consecutive lines");
            }
            List<Integer> members = new ArrayList<>();
            while (i < signals.size() && signals.get(i).hasData() && signals.get(i).fileName().equals(first.fileName())) {
                Signal s = signals.get(i);
                if (s.format() != first.format()) {
                    throw new ReadException(header.file(), "line " + s.line(), "signal " + s.description()
                            + " is stored in format " + s.format() + " but shares " + first.fileName()
                            + " with signals in format " + first.format() + "; all signals of one file must use one format");
                }
                members.add(i++);
            }
            if (StorageFormat.of(first.format()).isEmpty()) {
                continue;
            }
            Path file = folder.resolve(header.file().toAbsolutePath().getParent(), first.fileName(), header.file(),
                    "line " + first.line(), "the signal file");
            groups.add(new SignalGroup(header, members, file));
        }
        return groups;
    }

    /** Frames that the file holds completely, for headers that give no sample count. */
    long framesAvailable() throws ReadException {
        return format.samplesIn(bytesAvailable()) / frameSize;
    }

    /**
     * Reads {@code frames} frames into {@code digital[member]} (one array per signal of this group, of
     * {@code frames * samplesPerFrame} values) and checks each signal against the header's checksum and
     * initial value, adding to {@code warnings} what the checks tolerated.
     */
    void read(long frames, int[][] digital, List<String> warnings) throws ReadException {
        long stored = frames * frameSize;
        long needed = format.bytesFor(stored);
        long available = bytesAvailable();
        if (available < needed) {
            // The place is where the file ends, which is where the missing samples would have been.
            throw new ReadException(file, "byte " + (byteOffset + available), header.file().getFileName() + " says " + frames
                    + " samples per signal, which takes " + needed + " bytes (" + stored + " stored samples)"
                    + prefix() + ", but the file holds only " + available + " bytes" + (byteOffset > 0 ? " there" : "")
                    + ", enough for " + format.samplesIn(available) / frameSize + " samples per signal ("
                    + format.samplesIn(available) + " stored samples); the signal file is truncated or the header's"
                    + " sample count is wrong");
        }
        List<Signal> signals = header.signals();
        int[] spf = new int[members.size()];
        int[][] out = new int[members.size()][];
        // Format 8 stores differences; each signal's running value starts at its initial value.
        int[] running = new int[members.size()];
        for (int m = 0; m < members.size(); m++) {
            Signal s = signals.get(members.get(m));
            spf[m] = s.samplesPerFrame();
            out[m] = new int[(int) (frames * spf[m])];
            digital[members.get(m)] = out[m];
            running[m] = s.initialValue().orElse(s.adcZero());
        }
        try (SampleDecoder decoder = new SampleDecoder(file, byteOffset, format)) {
            for (int f = 0; f < frames; f++) {
                for (int m = 0; m < out.length; m++) {
                    for (int k = 0; k < spf[m]; k++) {
                        int v = decoder.next();
                        if (format == StorageFormat.F8) {
                            running[m] += v;
                            v = running[m];
                        }
                        out[m][f * spf[m] + k] = v;
                    }
                }
            }
        } catch (EOFException e) {
            throw new ReadException(file, null, "the file ended while it was being read; it was changed or truncated"
                    + " meanwhile", e);
        } catch (IOException e) {
            throw new ReadException(file, null, "cannot read the signal file: " + e.getMessage(), e);
        }
        for (int m = 0; m < out.length; m++) {
            verify(signals.get(members.get(m)), out[m], warnings);
        }
    }

    /**
     * The header's checksum and initial value were computed by the software that wrote the file, so
     * matching them shows that the bytes were decoded as written. A checksum over every sample outweighs
     * the first sample alone: when it matches, a wrong initial value is a fault of the header only, and the
     * WFDB library itself reads such records, so it is a warning.
     */
    private void verify(Signal s, int[] samples, List<String> warnings) throws ReadException {
        String where = "signal " + s.description() + " (" + header.file().getFileName() + " line " + s.line() + ")";
        if (s.checksum().isPresent()) {
            short sum = 0;
            for (int v : samples) {
                sum += (short) v;
            }
            if (sum != (short) s.checksum().getAsInt()) {
                throw new ReadException(file, where, "the checksum of its " + samples.length + " samples is " + sum
                        + " but the header says " + s.checksum().getAsInt() + "; the signal file is damaged, was"
                        + " read in the wrong format, or does not belong to this header");
            }
        }
        if (s.initialValue().isEmpty() || samples.length == 0 || samples[0] == s.initialValue().getAsInt()) {
            return;
        }
        String values = " is " + samples[0] + " but the header's initial value is " + s.initialValue().getAsInt();
        if (s.checksum().isEmpty()) {
            throw new ReadException(file, where, "the first sample" + values + ", and the header gives no checksum to"
                    + " show that the samples were read as written; the signal file is damaged, was read in the wrong"
                    + " format, or does not belong to this header");
        }
        warnings.add(where + ": the first sample in " + file.getFileName() + values + "; read anyway, since the checksum"
                + " of all " + samples.length + " samples agrees with the header, so only the initial value is wrong");
    }

    private String prefix() {
        return byteOffset > 0 ? " after the " + byteOffset + "-byte prefix" : "";
    }

    private long bytesAvailable() throws ReadException {
        if (Files.isDirectory(file)) {
            Signal first = header.signals().get(members.get(0));
            throw new ReadException(header.file(), "line " + first.line(), "signal file " + first.fileName()
                    + " is a folder, not a file of samples");
        }
        try {
            return Math.max(0, Files.size(file) - byteOffset);
        } catch (NoSuchFileException e) {
            Signal first = header.signals().get(members.get(0));
            throw new ReadException(header.file(), "line " + first.line(), "signal file " + first.fileName()
                    + " not found; expected it at " + file.toAbsolutePath() + " (a signal file must sit next to its"
                    + " header, under the name the header gives)", e);
        } catch (IOException e) {
            throw new ReadException(file, null, "cannot read the signal file: " + e.getMessage(), e);
        }
    }
}
