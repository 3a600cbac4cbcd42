package org.sigmappg.io.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sigmappg.io.Channel;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;
import org.sigmappg.io.Recording.UnreadChannel;
import org.sigmappg.io.RecordingReader;
import org.sigmappg.io.SourceFolder;
import org.sigmappg.io.wfdb.WfdbHeader.Segment;
import org.sigmappg.io.wfdb.WfdbHeader.Signal;

/**
 * Reads a PhysioNet WFDB record, single- or multi-segment, from its header file into physical units,
 * checking every signal against the checksum and initial value that the header records.
 *
 * <p>A signal stored in a FLAC format is not decoded: asked for by name it is refused; when all channels
 * are read it is left out, listed in {@link Recording#unreadChannels()} and warned about, and the record
 * is refused only if nothing else can be read.
 *
 * <p>Each channel runs at the frame rate times its samples per frame. Invalid samples, gaps between
 * segments and signals that a segment lacks are NaN. Header comments become annotations
 * {@code comment.1}, {@code comment.2}, ... and, for {@code key: value} comments, the lower-cased key.
 * WFDB base times carry no time zone; {@link Recording#start()} reads them as UTC, and is null when the
 * header gives no date (the time of day is then the {@code base_time} annotation).
 */
public final class WfdbReader implements RecordingReader {
    /** Longest channel this reader can hold, the largest safe Java array. */
    private static final long MAX_CHANNEL_LENGTH = Integer.MAX_VALUE - 8;
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z][\\w .-]{0,39}?)\\s*:\\s*(\\S.*)");

    @Override
    public String format() {
        return "WFDB";
    }

    @Override
    public boolean accepts(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".hea");
    }

    @Override
    public Recording read(Path file, ReadOptions options) throws IOException {
        String wanted = options == null ? null : options.channels();
        SourceFolder folder = (options == null ? ReadOptions.DEFAULT : options).folderOf(file);
        WfdbHeader header = WfdbHeader.read(file);
        if (header.isLayout()) {
            throw new ReadException(file, null, "this is the signal layout of a multi-segment record (no samples and"
                    + " no signal files), not a record in itself; " + openTheMaster(header));
        }
        Notes notes = new Notes();
        List<Channel> channels = header.isMultiSegment() ? readSegments(header, wanted, folder, notes)
                : readSingle(header, wanted, folder, notes);
        Instant start = header.baseDate() == null || header.baseTime() == null ? null
                : LocalDateTime.of(header.baseDate(), header.baseTime()).toInstant(ZoneOffset.UTC);
        return new Recording(header.recordName(), file, start, channels, List.of(), annotations(header), notes.unread,
                notes.warnings);
    }

    /** What a read tolerated: the signals left out and the warnings, for the recording. */
    private static final class Notes {
        final List<UnreadChannel> unread = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
    }

    /** Where the user should look instead of a layout header: the master headers beside it that name it. */
    private static String openTheMaster(WfdbHeader layout) {
        List<Path> masters;
        try {
            masters = WfdbFolder.mastersNaming(layout.file());
        } catch (IOException e) {
            return "open the record's master header (the multi-segment header that names " + layout.recordName()
                    + " as its first segment) instead";
        }
        List<String> names = masters.stream().map(p -> p.getFileName().toString()).toList();
        return switch (names.size()) {
            case 0 -> "no header in its folder names " + layout.recordName() + " as a segment, so the record's master"
                    + " header is missing; copy it next to this one and open it";
            case 1 -> "open the record's master header " + names.get(0) + " instead";
            default -> "open one of the master headers that name it as a segment instead: " + MessageTools.list(names);
        };
    }

    private static List<Channel> readSingle(WfdbHeader header, String wanted, SourceFolder folder, Notes notes)
            throws ReadException {
        List<Signal> signals = header.signals();
        List<Integer> chosen = leaveOutUndecoded(header.file(), signals, choose(header.file(), signals, wanted), wanted,
                j -> undecoded(header, signals.get(j)), notes);
        SegmentSamples stored = readDigital(header, folder, notes);
        List<Channel> channels = new ArrayList<>();
        for (int j : chosen) {
            Signal s = header.signals().get(j);
            float[] samples = new float[channelLength(header.file(), stored.frames(), s.samplesPerFrame())];
            if (stored.digital()[j] == null) {
                Arrays.fill(samples, Float.NaN);
            } else {
                toPhysical(header, s, stored.digital()[j], samples, 0);
            }
            channels.add(channel(header, s, header.frameRate(), samples));
        }
        return channels;
    }

    /**
     * Concatenates the segments of a multi-segment record, one segment in memory at a time. The layout
     * comes from the layout header (a first segment with no samples) or else from the first segment.
     */
    private static List<Channel> readSegments(WfdbHeader master, String wanted, SourceFolder folder, Notes notes)
            throws ReadException {
        List<Segment> segments = master.segments();
        List<WfdbHeader> headers = new ArrayList<>();
        for (Segment segment : segments) {
            headers.add(segment.isGap() ? null : segmentHeader(master, segment, folder));
        }
        boolean hasLayoutHeader = !segments.get(0).isGap() && segments.get(0).samples() == 0;
        WfdbHeader layoutHeader = hasLayoutHeader ? headers.get(0)
                : headers.stream().filter(h -> h != null).findFirst().orElseThrow(() -> new ReadException(
                        master.file(), null, "every segment is a gap (~), so no segment says which signals the record has"));
        List<Signal> layout = layoutHeader.signals();
        if (layout.size() != master.signalCount()) {
            throw new ReadException(master.file(), null, "the record line announces " + master.signalCount()
                    + " signals but the layout in " + layoutHeader.file().getFileName() + " has " + layout.size());
        }
        long totalFrames = segments.stream().mapToLong(Segment::samples).sum();
        if (master.samplesPerSignal() != 0 && master.samplesPerSignal() != totalFrames) {
            throw new ReadException(master.file(), null, "the record line says " + master.samplesPerSignal()
                    + " samples per signal but the segment lines add up to " + totalFrames);
        }

        int first = hasLayoutHeader ? 1 : 0;
        List<Integer> chosen = leaveOutUndecoded(master.file(), layout, choose(master.file(), layout, wanted), wanted, j -> {
            for (int i = first; i < segments.size(); i++) {
                WfdbHeader header = headers.get(i);
                int k = header == null ? -1 : sameSignal(layout, j, header.signals());
                Optional<String> reason = k < 0 ? Optional.empty() : undecoded(header, header.signals().get(k));
                if (reason.isPresent()) {
                    return reason;
                }
            }
            return Optional.empty();
        }, notes);
        float[][] out = new float[chosen.size()][];
        for (int c = 0; c < chosen.size(); c++) {
            out[c] = new float[channelLength(master.file(), totalFrames, layout.get(chosen.get(c)).samplesPerFrame())];
        }
        long frameOffset = 0;
        for (int i = first; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            WfdbHeader header = headers.get(i);
            SegmentSamples stored = header == null ? null : readDigital(header, folder, notes);
            if (stored != null && stored.frames() != segment.samples()) {
                throw new ReadException(header.file(), null, "the segment holds " + stored.frames()
                        + " samples per signal but " + master.file().getFileName() + " line " + segment.line()
                        + " says " + segment.samples() + "; correct the segment length in the master header");
            }
            for (int c = 0; c < chosen.size(); c++) {
                Signal wantedSignal = layout.get(chosen.get(c));
                int spf = wantedSignal.samplesPerFrame();
                int from = (int) (frameOffset * spf);
                int k = header == null ? -1 : sameSignal(layout, chosen.get(c), header.signals());
                if (k < 0 || stored.digital()[k] == null) {
                    Arrays.fill(out[c], from, from + (int) (segment.samples() * spf), Float.NaN);
                    continue;
                }
                Signal s = header.signals().get(k);
                if (s.samplesPerFrame() != spf) {
                    throw new ReadException(header.file(), "line " + s.line(), "signal " + s.description() + " has "
                            + s.samplesPerFrame() + " samples per frame here but " + spf + " in "
                            + layoutHeader.file().getFileName() + "; a signal must keep its rate across segments");
                }
                toPhysical(header, s, stored.digital()[k], out[c], from);
            }
            frameOffset += segment.samples();
        }
        List<Channel> channels = new ArrayList<>();
        for (int c = 0; c < chosen.size(); c++) {
            Signal s = layout.get(chosen.get(c));
            channels.add(channel(layoutHeader, s, master.frameRate(), out[c]));
        }
        return channels;
    }

    private static WfdbHeader segmentHeader(WfdbHeader master, Segment segment, SourceFolder folder) throws ReadException {
        Path masterFile = master.file().toAbsolutePath().normalize();
        String where = "line " + segment.line();
        Path file = folder.resolve(masterFile.getParent(), segment.name() + ".hea", master.file(), where, "the segment header");
        if (!Files.isRegularFile(file)) {
            throw new ReadException(master.file(), where, "segment " + segment.name()
                    + " is missing: expected its header at " + file + "; copy the segment's header"
                    + " and signal files next to the master header");
        }
        if (file.equals(masterFile)) {
            throw new ReadException(master.file(), where, "segment " + segment.name() + " is this record itself: the"
                    + " header names itself as one of its segments, a loop; a segment must be a record of its own");
        }
        WfdbHeader header = WfdbHeader.read(file);
        if (header.isMultiSegment()) {
            boolean namesBack = header.segments().stream()
                    .anyMatch(s -> file.resolveSibling(s.name() + ".hea").normalize().equals(masterFile));
            throw new ReadException(master.file(), where, "segment " + segment.name() + " is itself a multi-segment record"
                    + (namesBack ? " that names " + master.recordName() + " back as its segment, a loop ("
                            + master.recordName() + " -> " + segment.name() + " -> " + master.recordName() + ")" : "")
                    + "; WFDB does not allow segments made of segments");
        }
        if (header.frameRate() != master.frameRate()) {
            throw new ReadException(file, null, "the segment runs at " + header.frameRate() + " frames per second but "
                    + master.file().getFileName() + " at " + master.frameRate() + "; all segments must share one rate");
        }
        return header;
    }

    /**
     * Index in {@code segmentSignals} of the layout's signal {@code j}, matched by name; a repeated name
     * matches its occurrence of the same rank. -1 if the segment lacks it.
     */
    private static int sameSignal(List<Signal> layout, int j, List<Signal> segmentSignals) {
        String name = layout.get(j).description();
        long rank = layout.subList(0, j).stream().filter(s -> s.description().equals(name)).count();
        for (int k = 0; k < segmentSignals.size(); k++) {
            if (segmentSignals.get(k).description().equals(name) && rank-- == 0) {
                return k;
            }
        }
        return -1;
    }

    /** The stored values of one single-segment header: {@code digital[j]} is null for a null signal. */
    private record SegmentSamples(long frames, int[][] digital) {
    }

    /**
     * The signals among {@code chosen} that can be decoded. One that {@code undecoded} gives a reason for is
     * refused when the caller named the channels, and otherwise left out with a note; the record is refused
     * when that leaves nothing.
     */
    private static List<Integer> leaveOutUndecoded(Path file, List<Signal> signals, List<Integer> chosen, String wanted,
                                                   Function<Integer, Optional<String>> undecoded, Notes notes)
            throws ReadException {
        List<Integer> kept = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (int j : chosen) {
            Optional<String> reason = undecoded.apply(j);
            if (reason.isEmpty()) {
                kept.add(j);
            } else if (wanted != null && !wanted.isBlank()) {
                throw new ReadException(file, null, reason.get());
            } else {
                leftOut.add(signals.get(j).description());
                notes.unread.add(new UnreadChannel(signals.get(j).description(), reason.get()));
                notes.warnings.add(reason.get() + "; it was left out and the other signals were read");
            }
        }
        if (kept.isEmpty() && !leftOut.isEmpty()) {
            List<String> others = leftOut.subList(1, leftOut.size());
            throw new ReadException(file, null, "no signal of the record can be read: " + notes.unread.get(0).reason()
                    + (others.isEmpty() ? "" : "; " + MessageTools.list(others) + (others.size() == 1 ? " is" : " are")
                    + " FLAC-compressed too"));
        }
        return kept;
    }

    /** Why {@code s} cannot be decoded, naming its place in {@code header}; empty if it can (or has no samples). */
    private static Optional<String> undecoded(WfdbHeader header, Signal s) {
        if (!s.hasData() || StorageFormat.of(s.format()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("signal " + s.description() + " (" + header.file().getFileName() + " line " + s.line()
                + ") is stored in WFDB format " + s.format() + " (FLAC-compressed), which is not read; the formats read"
                + " are " + StorageFormat.supportedList());
    }

    /**
     * Reads every signal file of a single-segment header that is in a decoded format; the file sizes give the
     * length if the header does not.
     */
    private static SegmentSamples readDigital(WfdbHeader header, SourceFolder folder, Notes notes) throws ReadException {
        List<SignalGroup> groups = SignalGroup.of(header, folder);
        long frames = header.samplesPerSignal();
        if (frames == 0 && !groups.isEmpty()) {
            frames = Long.MAX_VALUE;
            for (SignalGroup group : groups) {
                frames = Math.min(frames, group.framesAvailable());
            }
        }
        for (Signal s : header.signals()) {
            channelLength(header.file(), frames, s.samplesPerFrame());
        }
        int[][] digital = new int[header.signals().size()][];
        for (SignalGroup group : groups) {
            group.read(frames, digital, notes.warnings);
        }
        return new SegmentSamples(frames, digital);
    }

    private static int channelLength(Path file, long frames, int samplesPerFrame) throws ReadException {
        long length = frames * samplesPerFrame;
        if (frames > MAX_CHANNEL_LENGTH || length > MAX_CHANNEL_LENGTH) {
            throw new ReadException(file, null, "the record has " + frames + " frames of " + samplesPerFrame
                    + " samples per signal, more than the " + MAX_CHANNEL_LENGTH + " samples a channel can hold in"
                    + " memory; split the record into shorter segments");
        }
        return (int) length;
    }

    /**
     * Physical = (digital - baseline) / gain, NaN for the format's invalid-sample value. A skewed signal
     * is shifted earlier by its skew; the frames it would need past the end of the segment are NaN.
     */
    private static void toPhysical(WfdbHeader header, Signal s, int[] digital, float[] out, int from)
            throws ReadException {
        if (s.gain() == 0) {
            throw new ReadException(header.file(), "line " + s.line(), "signal " + s.description() + " has ADC gain 0,"
                    + " which WFDB uses to mark an uncalibrated signal, so its physical values are unknown; give the"
                    + " gain in ADC units per physical unit on its signal line (e.g. 200/mV)");
        }
        StorageFormat format = StorageFormat.of(s.format()).orElseThrow();
        long shift = (long) s.skew() * s.samplesPerFrame();
        for (int t = 0; t < digital.length; t++) {
            long source = t + shift;
            if (source >= digital.length) {
                out[from + t] = Float.NaN;
                continue;
            }
            int d = digital[(int) source];
            out[from + t] = format.hasInvalidValue() && d == format.invalidValue() ? Float.NaN
                    : (float) ((d - (double) s.baseline()) / s.gain());
        }
    }

    private static Channel channel(WfdbHeader header, Signal s, double frameRate, float[] samples)
            throws ReadException {
        double fs = frameRate * s.samplesPerFrame();
        if (Double.isInfinite(fs)) {
            throw new ReadException(header.file(), "line " + s.line(), "signal " + s.description() + " would run at "
                    + frameRate + " x " + s.samplesPerFrame() + " samples per second, which is out of range");
        }
        return new Channel(s.description(), s.units(), fs, samples);
    }

    private static List<Integer> choose(Path file, List<Signal> signals, String wanted) throws ReadException {
        Set<Integer> chosen = new LinkedHashSet<>();
        if (wanted == null || wanted.isBlank()) {
            for (int j = 0; j < signals.size(); j++) {
                chosen.add(j);
            }
            return List.copyOf(chosen);
        }
        for (String name : wanted.split(",")) {
            String trimmed = name.strip();
            boolean found = false;
            for (int j = 0; j < signals.size(); j++) {
                if (signals.get(j).description().equalsIgnoreCase(trimmed)) {
                    chosen.add(j);
                    found = true;
                }
            }
            if (!found && !trimmed.isEmpty()) {
                throw new ReadException(file, null, "no channel named '" + trimmed + "'; the record's channels are "
                        + signals.stream().map(Signal::description).collect(Collectors.joining(", ")));
            }
        }
        return List.copyOf(chosen);
    }

    private static Map<String, String> annotations(WfdbHeader header) {
        Map<String, String> annotations = new LinkedHashMap<>();
        List<String> comments = header.comments();
        for (int i = 0; i < comments.size(); i++) {
            Matcher m = KEY_VALUE.matcher(comments.get(i));
            if (m.matches()) {
                annotations.putIfAbsent(m.group(1).strip().toLowerCase(Locale.ROOT), m.group(2).strip());
            }
        }
        // Numbered comments go in last so that a "comment.2: ..." comment cannot hide comment number 2.
        for (int i = 0; i < comments.size(); i++) {
            annotations.put("comment." + (i + 1), comments.get(i));
        }
        if (header.baseTime() != null) {
            annotations.put("base_time", header.baseTime().format(DateTimeFormatter.ISO_LOCAL_TIME));
        }
        if (header.baseDate() != null) {
            annotations.put("base_date", header.baseDate().toString());
        }
        return annotations;
    }
}
