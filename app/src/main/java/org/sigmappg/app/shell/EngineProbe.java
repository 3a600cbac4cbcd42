package org.sigmappg.app.shell;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Finds out which deep-learning engine and device training would use, for the status line
 * ("CPU x2 · PyTorch 2.7.1"). Loading the engine takes seconds (it unpacks and loads native libraries), so
 * the workbench calls {@link #probe} on a background thread.
 */
public final class EngineProbe {
    /**
     * @param summary the short line, e.g. {@code CPU x2 · PyTorch 2.7.1}
     * @param detail a longer note for a tooltip (DJL version, device, or why no engine loaded)
     */
    public record EngineInfo(String summary, String detail, boolean available) {
    }

    private EngineProbe() {
    }

    /** Loads the default engine and describes it; never throws. */
    public static EngineInfo probe() {
        try {
            Engine engine = Engine.getInstance();
            Device device = engine.defaultDevice();
            int gpus = engine.getGpuCount();
            String summary = summary(device.isGpu(), gpus, Runtime.getRuntime().availableProcessors(), engine.getEngineName(), engine.getVersion());
            return new EngineInfo(summary, "DJL " + Engine.getDjlVersion() + ", engine " + engine.getEngineName() + " "
                    + engine.getVersion() + ", default device " + org.sigmappg.eval.RunOverview.device(device.toString())
                    + (gpus > 0 ? ", " + gpus + " GPU(s)" : ""), true);
        } catch (Throwable e) {
            // A missing or broken native library must not take the workbench down: viewing data needs no engine.
            return new EngineInfo("no engine", "the deep-learning engine could not be loaded, so training is not available: "
                    + ErrorText.of(e), false);
        }
    }

    /** The status line for a device: {@code CPU xN · Engine version} or {@code GPU xN · Engine version}. */
    static String summary(boolean gpu, int gpuCount, int cpus, String engineName, String version) {
        String device = gpu ? "GPU x" + Math.max(1, gpuCount) : "CPU x" + cpus;
        return device + " \u00b7 " + engineName + " " + version;
    }
}
