package org.sigmappg.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sigmappg.run.FileTools;

/**
 * The inspection data a pre-training run keeps ({@code runs/RUN/inspection.json}, written by {@link PretrainTask}
 * and drawn by the workbench): for each kept epoch and each inspection window (held-out windows fixed for the run),
 * the prior of every patch, the teacher's probability of masking it, one sampled mask and which masked patches the
 * student predicted correctly, and the same for a random mask of the same size, with the student's loss under each.
 *
 * @param windowsFrom where the inspection windows come from: {@code held-out}, or {@code training} when nothing is held out
 */
public record InspectionData(String run, String windowsFrom, List<Epoch> epochs) {
    /** The format this version reads. */
    public static final String FORMAT = "sigma-ppg-inspection/1";

    /** One kept epoch (counted from 1). */
    public record Epoch(int epoch, List<Window> windows) {
        public Epoch {
            windows = List.copyOf(windows);
        }

        /** The window with catalogue id {@code id} at this epoch. */
        public Optional<Window> window(long id) {
            return windows.stream().filter(w -> w.window() == id).findFirst();
        }
    }

    /**
     * One inspection window at one epoch.
     *
     * @param window the window's id in the catalogue
     * @param patches valid patches (the arrays' length)
     * @param maskProbability the teacher's (with the prior's) probability of masking each patch
     * @param mask the sampled mask: 1 masked, 0 visible
     * @param correct at masked patches 1 if the student predicted the code, 0 if not; -1 at visible ones
     * @param randomMask and {@code randomCorrect}: the same under a uniformly random mask of the same size
     * @param lossPolicy the student's masked cross-entropy under the run's mask; {@code lossRandom} under the random one
     */
    public record Window(long window, String subject, int patches, float[] prior, float[] maskProbability, int[] mask, int[] correct,
                         int[] randomMask, int[] randomCorrect, double lossPolicy, double lossRandom) {
    }

    /** The stored layout, in the order the file has it. */
    private record Stored(String run, String format, @SerializedName("windows_from") String windowsFrom, List<Epoch> epochs) {
    }

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    public InspectionData {
        epochs = List.copyOf(epochs);
    }

    /** Reads a run's inspection file. */
    public static InspectionData read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses inspection JSON; {@code source} names it in errors. */
    public static InspectionData parse(String json, String source) throws IOException {
        Stored s;
        try {
            s = GSON.fromJson(json, Stored.class);
        } catch (JsonParseException e) {
            throw new IOException(source + " is not readable inspection data: " + e.getMessage(), e);
        }
        if (s == null || s.epochs() == null) {
            throw new IOException(source + " holds no inspection epochs");
        }
        if (s.format() != null && !FORMAT.equals(s.format())) {
            throw new IOException(source + " is in format " + s.format() + "; this version reads " + FORMAT);
        }
        for (Epoch e : s.epochs()) {
            for (Window w : e.windows()) {
                if (w.maskProbability() == null || w.maskProbability().length != w.patches() || w.mask() == null
                        || w.mask().length != w.patches()) {
                    throw new IOException(source + ": epoch " + e.epoch() + ", window " + w.window() + " has arrays of the wrong length");
                }
            }
        }
        return new InspectionData(s.run(), s.windowsFrom(), s.epochs());
    }

    /**
     * The epochs of {@code file} up to {@code completedEpochs}, to go on with after a restart: a run killed after an
     * epoch's inspection but before its checkpoint repeats that epoch. Empty when there is no file yet.
     */
    public static List<Epoch> keptEpochs(Path file, int completedEpochs) throws IOException {
        List<Epoch> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (Epoch e : read(file).epochs()) {
                if (e.epoch() <= completedEpochs) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Writes this data to {@code file} atomically. */
    public void write(Path file) throws IOException {
        FileTools.writeStringAtomically(file, GSON.toJson(new Stored(run, FORMAT, windowsFrom, epochs)));
    }

    /** The kept epoch numbers, in order. */
    public List<Integer> epochNumbers() {
        return epochs.stream().map(Epoch::epoch).toList();
    }

    /** The kept epoch {@code epoch}, or the last one before it. */
    public Epoch at(int epoch) {
        Epoch best = epochs.get(0);
        for (Epoch e : epochs) {
            if (e.epoch() <= epoch) {
                best = e;
            }
        }
        return best;
    }

    public Epoch last() {
        return epochs.get(epochs.size() - 1);
    }
}
