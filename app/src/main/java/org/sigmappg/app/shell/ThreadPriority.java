package org.sigmappg.app.shell;

import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Lowers the scheduling priority of the calling thread, on Linux, so that training gives way to the window when both
 * want a core. Why: on 2 cores, while a run trained in the workbench, switching views took about 1.5 times as long, and
 * the JavaFX thread spent twice as long waiting in the run queue for a core (its scheduler statistics) while its own
 * work and its waits for the database stayed the same: PyTorch's threads held the cores. A thread's nice value is
 * inherited by the threads it starts, so PyTorch's OpenMP workers started from a lowered thread are lowered too. Java
 * thread priorities do nothing here (the JVM ignores them on Linux), so this calls the C library's {@code setpriority}
 * through JNA (which DJL ships). An unprivileged thread cannot raise its priority again: lower only threads that
 * compute and nothing else.
 */
public final class ThreadPriority {
    /** The nice value of training threads: a core is shared about 9 to 1 with a thread at the default 0. */
    public static final int TRAINING_NICE = 10;
    private static final int PRIO_PROCESS = 0;

    private ThreadPriority() {
    }

    /** Sets the calling thread's nice value; returns whether it took effect (false off Linux or when refused). */
    public static boolean lowerCurrentThread(int nice) {
        OptionalInt tid = currentThreadId();
        if (tid.isEmpty()) {
            return false;
        }
        try {
            // On Linux setpriority(PRIO_PROCESS, tid) sets one thread's nice value.
            return NativeLibrary.getProcess().getFunction("setpriority").invokeInt(new Object[] {PRIO_PROCESS, tid.getAsInt(), nice}) == 0;
        } catch (RuntimeException | UnsatisfiedLinkError unavailable) {
            return false;
        }
    }

    /** The nice value of the calling thread, if it can be read. */
    public static OptionalInt currentNice() {
        OptionalInt tid = currentThreadId();
        if (tid.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid.getAsInt() + "/stat"));
            // The fields after the command name (which may hold spaces) in brackets; nice is field 19 of the whole line.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(f[16]));
        } catch (java.io.IOException | RuntimeException unreadable) {
            return OptionalInt.empty();
        }
    }

    /** The kernel's id of the calling thread, from {@code /proc/thread-self} ({@code PID/task/TID}); empty off Linux. */
    private static OptionalInt currentThreadId() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return OptionalInt.empty();
        }
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return OptionalInt.of(Integer.parseInt(link.getFileName().toString()));
        } catch (java.io.IOException | RuntimeException unreadable) {
            return OptionalInt.empty();
        }
    }
}
