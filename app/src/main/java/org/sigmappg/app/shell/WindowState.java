package org.sigmappg.app.shell;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What the workbench remembers between sessions, per workspace: window position and size, whether it was
 * maximised, where the divider between navigation and views was, and the theme. Kept in a small properties
 * file in the workspace folder, so each workspace opens as it was left.
 *
 * @param x left edge, NaN to centre the window
 * @param y top edge, NaN to centre the window
 * @param divider position of the navigation divider as a fraction of the window width
 * @param theme {@code light} or {@code dark}
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, double divider, String theme) {
    public static final String FILE = "workbench-ui.properties";
    public static final WindowState DEFAULT = new WindowState(Double.NaN, Double.NaN, 1400, 900, false, 0.2, "light");

    /** Reads the state from {@code file}; anything missing or unreadable takes its default. */
    public static WindowState load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                // A damaged file only costs the remembered layout; the defaults are fine.
                return DEFAULT;
            }
        }
        WindowState d = DEFAULT;
        double width = number(p, "width", d.width());
        double height = number(p, "height", d.height());
        double divider = number(p, "divider", d.divider());
        String theme = p.getProperty("theme", d.theme());
        return new WindowState(number(p, "x", d.x()), number(p, "y", d.y()),
                width >= 400 ? width : d.width(), height >= 300 ? height : d.height(),
                Boolean.parseBoolean(p.getProperty("maximized", "false")),
                divider > 0.05 && divider < 0.8 ? divider : d.divider(),
                theme.equals("dark") ? "dark" : "light");
    }

    private static double number(Properties p, String key, double fallback) {
        try {
            String v = p.getProperty(key);
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Writes the state to {@code file} (replacing it whole, so a crash never leaves half a file). */
    public void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("x", Double.toString(x));
        p.setProperty("y", Double.toString(y));
        p.setProperty("width", Double.toString(width));
        p.setProperty("height", Double.toString(height));
        p.setProperty("maximized", Boolean.toString(maximized));
        p.setProperty("divider", Double.toString(divider));
        p.setProperty("theme", theme);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "SIGMA-PPG workbench window state");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public WindowState withTheme(String newTheme) {
        return new WindowState(x, y, width, height, maximized, divider, newTheme);
    }
}
