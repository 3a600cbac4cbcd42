package org.sigmappg.app.shell;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tells before JavaFX starts whether there is a screen to open a window on. On Linux without {@code DISPLAY}
 * (a server, an ssh session without X forwarding) JavaFX's GTK toolkit does not fail: it waits for ever, so the
 * workbench and the GUI benchmark ask first and say what to do instead.
 */
public final class DisplayCheck {
    private DisplayCheck() {
    }

    /** Why no window can be opened here, or empty when one can. */
    public static Optional<String> problem() {
        return problem(System.getProperty("os.name", ""), System.getProperty("glass.platform", ""), System.getenv());
    }

    static Optional<String> problem(String os, String glassPlatform, Map<String, String> env) {
        String platform = glassPlatform.toLowerCase(Locale.ROOT);
        if (platform.equals("monocle") || platform.equals("headless")) {
            return Optional.empty();
        }
        if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        if (isSet(env.get("DISPLAY")) || isSet(env.get("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return Optional.of("there is no display to open a window on (DISPLAY is not set): run it on a desktop, through "
                + "ssh -X, or under Xvfb (xvfb-run; scripts/install-deps.sh --gui installs it)");
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank();
    }
}
