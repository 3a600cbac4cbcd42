package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    @Test
    void readsTheSelectedTransparentHugePageMode() {
        assertEquals("madvise", NativeMemory.selected("always [madvise] never\n"));
        assertEquals("never", NativeMemory.selected("always madvise [never]"));
        assertEquals("odd", NativeMemory.selected(" odd "));
    }

    /**
     * On Linux, without a user's value or the opt-out, the C library's environment (which libtorch reads, not
     * Java's copy of it) must hold THP_MEM_ALLOC_ENABLE=1 afterwards, and the description must say so.
     */
    @Test
    void setsLibtorchsHugePageSwitchInTheProcessEnvironment() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"), "Linux only");
        assumeTrue(System.getenv(NativeMemory.THP_VARIABLE) == null, "the user set " + NativeMemory.THP_VARIABLE);
        assumeTrue(!Boolean.getBoolean(NativeMemory.DISABLE_PROPERTY), "switched off by -D" + NativeMemory.DISABLE_PROPERTY);
        String state = NativeMemory.requestHugePages();
        assertTrue(state.startsWith(NativeMemory.THP_VARIABLE + "=1 "), state);
        assertEquals(state, NativeMemory.describe());
        String live = NativeLibrary.getProcess().getFunction("getenv")
                .invokeString(new Object[] {NativeMemory.THP_VARIABLE}, false);
        assertEquals("1", live);
    }

    /** Passive waiting only on a crowded machine, never over a user's value or with the opt-out. */
    @Test
    void waitsPassivelyOnlyWhereTheThreadsExceedTheIdleCores() {
        assertEquals("PASSIVE", NativeMemory.waitingFor(null, true, false));
        assertEquals("unset", NativeMemory.waitingFor(null, false, false), "an idle machine keeps OpenMP's own waiting");
        assertEquals("unset", NativeMemory.waitingFor(null, true, true), "the opt-out keeps it too");
        assertEquals("ACTIVE", NativeMemory.waitingFor("ACTIVE", true, false), "the user's value stands");
        assertEquals("passive", NativeMemory.waitingFor("passive", false, false));
    }

    /** On a crowded machine OpenMP's threads are asked to sleep while they wait, in the environment libgomp reads. */
    @Test
    void setsPassiveOpenMpWaitingInTheProcessEnvironment() {
        assumeTrue(System.getenv(NativeMemory.WAIT_POLICY_VARIABLE) == null, "the user set " + NativeMemory.WAIT_POLICY_VARIABLE);
        assumeTrue(!Boolean.getBoolean(NativeMemory.ACTIVE_WAITING_PROPERTY), "switched off by -D" + NativeMemory.ACTIVE_WAITING_PROPERTY);
        assumeTrue(NativeMemory.waitPolicy().equals("unset"), "an earlier test in this JVM chose already");
        assertEquals("PASSIVE", NativeMemory.chooseWaiting(true));
        assertEquals("PASSIVE", NativeMemory.chooseWaiting(false), "the first choice stands: the engine read it");
        assertEquals("PASSIVE", NativeMemory.waitPolicy());
        String live = NativeLibrary.getProcess().getFunction("getenv")
                .invokeString(new Object[] {NativeMemory.WAIT_POLICY_VARIABLE}, false);
        assertEquals("PASSIVE", live);
    }
}
