package org.sigmappg.model;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Asks libtorch to back its large CPU tensors with transparent huge pages, on Linux, before the engine loads, and its
 * OpenMP threads to sleep rather than spin while they wait on a crowded machine ({@link #chooseWaiting}).
 *
 * <p>Why: a stage-2 step allocates and frees dozens of tensors of hundreds of MB (the code logits of a base
 * batch are 250 MB). glibc serves such blocks with fresh {@code mmap}s and returns them on free, so every step
 * faults them in again page by page: on the 2-core development VM {@code bench pretrain --sizes base} spent as
 * much system time as user time, 37 million minor faults in 150 s, and the Java step took 15.9 s. libtorch (2.1
 * and later) reads {@code THP_MEM_ALLOC_ENABLE} once, at its first CPU allocation; set to 1 it aligns blocks of
 * 2 MB and more to 2 MB and marks them for huge pages ({@code madvise}), so a block faults in once per 2 MB
 * instead of once per 4 KB: the same step took 11.8 s. Without a {@code MADV_HUGEPAGE}-honouring kernel (THP mode {@code never}) nothing changes.
 *
 * <p>The JVM cannot change its own environment, so this calls the C library's {@code setenv} through JNA (which
 * DJL already ships), looked up among the symbols the process has loaded. It never overrides a value the user
 * set, and {@code -D}{@value #DISABLE_PROPERTY}{@code =true} switches it off.
 */
public final class NativeMemory {
    /** libtorch's switch (c10 {@code alloc_cpu}). */
    public static final String THP_VARIABLE = "THP_MEM_ALLOC_ENABLE";
    /** Set to true to leave libtorch's allocation as it is. */
    public static final String DISABLE_PROPERTY = "sigma.ppg.noHugePages";

    /** OpenMP's choice between spinning and sleeping while a thread waits for work (libgomp reads it once, at load). */
    public static final String WAIT_POLICY_VARIABLE = "OMP_WAIT_POLICY";
    /** Set to true to keep OpenMP's own waiting (spin a while, then sleep) even on a crowded machine. */
    public static final String ACTIVE_WAITING_PROPERTY = "sigma.ppg.activeWaiting";

    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static String state;
    private static String waitPolicy;

    private NativeMemory() {
    }

    /**
     * Sets {@value #THP_VARIABLE}=1 in the process environment unless it is set already, the property
     * {@value #DISABLE_PROPERTY} is true, or this is not Linux. Effective only before libtorch's first CPU
     * allocation, i.e. before the engine loads; idempotent.
     *
     * @return what was done, for the engine description ({@link #describe()})
     */
    public static synchronized String requestHugePages() {
        if (state != null) {
            return state;
        }
        String existing = System.getenv(THP_VARIABLE);
        if (existing != null) {
            state = THP_VARIABLE + "=" + existing + " (set by the user)";
        } else if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            state = "huge pages off (-D" + DISABLE_PROPERTY + "=true)";
        } else if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            state = "default allocation (huge pages are asked for on Linux only)";
        } else {
            state = setenv();
        }
        return state;
    }

    /** What {@link #requestHugePages()} did, or that it has not run. */
    public static synchronized String describe() {
        return state == null ? "default allocation (huge pages not asked for)" : state;
    }

    /**
     * Chooses how libtorch's OpenMP threads wait for work, unless the user set {@value #WAIT_POLICY_VARIABLE}: on a
     * crowded machine (more intra-op threads than idle cores) {@code PASSIVE}, so that they sleep instead of spinning,
     * else OpenMP's default (spin a while, then sleep), which {@value #ACTIVE_WAITING_PROPERTY}{@code =true} keeps
     * always. Why both: on the 2-core machine with other work running (load average 11-14), a tiny tokenizer's 3 epochs
     * took 128-145 s with 2 spinning threads, 9-20 s with 1 thread and 8-13 s with 2 passive threads, and the tiny
     * tokenizer's step ran about 10 times faster passive (load 11-16); on the idle machine the two were equal (within
     * 1 %, three alternating pairs), so the default stays where nothing competes, as PyTorch has it everywhere.
     * Effective only before the engine loads; the first call decides.
     *
     * @param crowded whether the threads asked for exceed the cores other work leaves idle
     * @return the policy in effect, for {@link #waitPolicy()}
     */
    public static synchronized String chooseWaiting(boolean crowded) {
        if (waitPolicy != null) {
            return waitPolicy;
        }
        String existing = System.getenv(WAIT_POLICY_VARIABLE);
        String wanted = waitingFor(existing, crowded, Boolean.getBoolean(ACTIVE_WAITING_PROPERTY));
        waitPolicy = wanted.equals("PASSIVE") && existing == null && setenv(WAIT_POLICY_VARIABLE, wanted) != 0 ? "unset" : wanted;
        return waitPolicy;
    }

    /** The policy for a user's value ({@code existing}, or null), a crowded machine and the opt-out: {@code unset} is OpenMP's own. */
    static String waitingFor(String existing, boolean crowded, boolean keepDefault) {
        if (existing != null) {
            return existing;
        }
        return crowded && !keepDefault ? "PASSIVE" : "unset";
    }

    /** The OpenMP wait policy libtorch runs with ({@code PASSIVE}, {@code ACTIVE}, a user's value, or unset). */
    public static synchronized String waitPolicy() {
        return waitPolicy == null ? (System.getenv(WAIT_POLICY_VARIABLE) == null ? "unset" : System.getenv(WAIT_POLICY_VARIABLE)) : waitPolicy;
    }

    private static String setenv() {
        int rc = setenv(THP_VARIABLE, "1");
        if (rc == Integer.MIN_VALUE) {
            return "default allocation (could not reach the C library)";
        }
        if (rc != 0) {
            return "default allocation (setenv failed with " + rc + ")";
        }
        return THP_VARIABLE + "=1 (transparent huge pages for tensors of 2 MB and more; kernel THP mode " + thpMode() + ")";
    }

    /** The C library's {@code setenv(name, value, 1 ... 0)}: its result, or {@link Integer#MIN_VALUE} when it cannot be reached. */
    private static int setenv(String name, String value) {
        try {
            return NativeLibrary.getProcess().getFunction("setenv").invokeInt(new Object[] {name, value, 0});
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** The bracketed choice of {@code /sys/kernel/mm/transparent_hugepage/enabled}, e.g. "madvise". */
    static String thpMode() {
        try {
            return selected(Files.readString(THP_MODE));
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** "always [madvise] never" -> "madvise"; a line without brackets as it is. */
    static String selected(String line) {
        String trimmed = line.trim();
        int open = trimmed.indexOf('[');
        int close = trimmed.indexOf(']', open + 1);
        return open >= 0 && close > open ? trimmed.substring(open + 1, close) : trimmed;
    }
}
