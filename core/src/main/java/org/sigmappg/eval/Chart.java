package org.sigmappg.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.sigmappg.run.FileTools;

/**
 * A small headless chart drawn with Java2D (core must not use JavaFX): scatter series, lines (optionally
 * with a marker and a vertical interval at every point), labelled horizontal reference lines, an identity
 * line, axes with round-number ticks, axis labels, a title and a legend, rendered to a PNG. Enough for
 * predicted-vs-true, Bland-Altman, ROC and label-efficiency figures that are readable at 800 x 600.
 */
public final class Chart {
    /** Colour-blind-safe series colours (Okabe-Ito). */
    public static final List<Color> PALETTE = List.of(new Color(0x55, 0x55, 0x55), new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00),
            new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
            new Color(0xF0, 0xE4, 0x42));

    private static final int MARGIN_LEFT = 90;
    private static final int MARGIN_RIGHT = 40;
    private static final int MARGIN_TOP = 60;
    private static final int MARGIN_BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private boolean identity;
    private double[] fixedRange;

    private record Series(String name, double[] x, double[] y, Color color, boolean line, boolean dashed, double[] low, double[] high) {
    }

    /** Pixels between the intervals of neighbouring series at one x, so that they do not hide each other. */
    private static final int DODGE = 7;

    private record Reference(String name, double y, Color color, boolean dashed) {
    }

    public Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a scatter series. */
    public Chart points(String name, double[] x, double[] y, Color color) {
        series.add(new Series(name, x.clone(), y.clone(), color, false, false, null, null));
        return this;
    }

    /** Adds a poly-line series. */
    public Chart line(String name, double[] x, double[] y, Color color, boolean dashed) {
        series.add(new Series(name, x.clone(), y.clone(), color, true, dashed, null, null));
        return this;
    }

    /**
     * Adds a poly-line series with a marker and a vertical interval [low, high] at every point; series with
     * intervals are drawn a few pixels apart at the same x (the data keep the exact x).
     */
    public Chart lineWithIntervals(String name, double[] x, double[] y, double[] low, double[] high, Color color) {
        series.add(new Series(name, x.clone(), y.clone(), color, true, false, low.clone(), high.clone()));
        return this;
    }

    /** Adds a horizontal line at {@code y}, labelled with its name and value at the right edge. */
    public Chart horizontal(String name, double y, Color color, boolean dashed) {
        if (Double.isFinite(y)) {
            references.add(new Reference(name, y, color, dashed));
        }
        return this;
    }

    /** Draws the line y = x across the plot, and makes both axes share one range so it is the diagonal. */
    public Chart identity() {
        identity = true;
        return this;
    }

    /** Fixes both axes to [min, max] (e.g. 0-1 for ROC curves). */
    public Chart range(double min, double max) {
        fixedRange = new double[] {min, max, min, max};
        return this;
    }

    /**
     * What the chart shows, as plain data for JSON (title, axis labels, series with their points,
     * reference lines, identity line, fixed range), so another front end can redraw it exactly.
     */
    public Map<String, Object> data() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", title);
        out.put("xLabel", xLabel);
        out.put("yLabel", yLabel);
        List<Map<String, Object>> s = new ArrayList<>();
        for (Series x : series) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", x.name);
            m.put("style", x.line ? (x.dashed ? "dashed-line" : "line") : "points");
            m.put("color", String.format(Locale.ROOT, "#%06X", x.color.getRGB() & 0xFFFFFF));
            m.put("x", finiteOrNull(x.x));
            m.put("y", finiteOrNull(x.y));
            if (x.low != null) {
                m.put("yLow", finiteOrNull(x.low));
                m.put("yHigh", finiteOrNull(x.high));
            }
            s.add(m);
        }
        out.put("series", s);
        List<Map<String, Object>> refs = new ArrayList<>();
        for (Reference r : references) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name);
            m.put("y", r.y);
            m.put("style", r.dashed ? "dashed-line" : "line");
            m.put("color", String.format(Locale.ROOT, "#%06X", r.color.getRGB() & 0xFFFFFF));
            refs.add(m);
        }
        out.put("horizontalLines", refs);
        out.put("identityLine", identity);
        out.put("range", fixedRange == null ? null : List.of(fixedRange[0], fixedRange[1]));
        return out;
    }

    private static List<Double> finiteOrNull(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(Double.isFinite(d) ? d : null);
        }
        return out;
    }

    /** Renders the chart at {@code width} x {@code height} pixels. */
    public BufferedImage render(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes the chart as a PNG, atomically. */
    public void writePng(Path file, int width, int height) throws IOException {
        BufferedImage image = render(width, height);
        FileTools.writeAtomically(file, (OutputStream out) -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available in this Java runtime");
            }
        });
    }

    private void draw(Graphics2D g, int width, int height) {
        double[] r = dataRange();
        Axis xAxis = Axis.of(r[0], r[1], fixedRange != null);
        Axis yAxis = Axis.of(r[2], r[3], fixedRange != null);
        if (identity && fixedRange == null) {
            Axis shared = Axis.of(Math.min(r[0], r[2]), Math.max(r[1], r[3]), false);
            xAxis = shared;
            yAxis = shared;
        }
        int left = MARGIN_LEFT;
        int top = MARGIN_TOP;
        int plotWidth = width - MARGIN_LEFT - MARGIN_RIGHT;
        int plotHeight = height - MARGIN_TOP - MARGIN_BOTTOM;
        if (identity) {
            // Square plot area, so the identity line runs at 45 degrees.
            int side = Math.min(plotWidth, plotHeight);
            left += (plotWidth - side) / 2;
            plotWidth = side;
            plotHeight = side;
        }
        Mapper m = new Mapper(xAxis, yAxis, left, top, plotWidth, plotHeight);

        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);

        g.setColor(new Color(0xE6, 0xE6, 0xE6));
        g.setStroke(new BasicStroke(1f));
        for (double t : xAxis.ticks) {
            g.draw(new Line2D.Double(m.x(t), top, m.x(t), top + plotHeight));
        }
        for (double t : yAxis.ticks) {
            g.draw(new Line2D.Double(left, m.y(t), left + plotWidth, m.y(t)));
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawRect(left, top, plotWidth, plotHeight);
        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        for (double t : xAxis.ticks) {
            String s = xAxis.format(t);
            g.draw(new Line2D.Double(m.x(t), top + plotHeight, m.x(t), top + plotHeight + 6));
            g.drawString(s, (float) (m.x(t) - fm.stringWidth(s) / 2.0), top + plotHeight + 8 + fm.getAscent());
        }
        int widestTick = 0;
        for (double t : yAxis.ticks) {
            String s = yAxis.format(t);
            widestTick = Math.max(widestTick, fm.stringWidth(s));
            g.draw(new Line2D.Double(left - 6, m.y(t), left, m.y(t)));
            g.drawString(s, left - 10 - fm.stringWidth(s), (float) (m.y(t) + fm.getAscent() / 2.0 - 2));
        }
        g.setFont(labelFont);
        fm = g.getFontMetrics();
        g.drawString(xLabel, left + (plotWidth - fm.stringWidth(xLabel)) / 2f, top + plotHeight + 52);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + (plotHeight + fm.stringWidth(yLabel)) / 2f), left - widestTick - 22);
        g.setTransform(saved);
        g.setFont(titleFont);
        fm = g.getFontMetrics();
        g.drawString(title, (width - fm.stringWidth(title)) / 2f, 34);

        java.awt.Shape clip = g.getClip();
        g.clipRect(left, top, plotWidth + 1, plotHeight + 1);
        if (identity) {
            g.setColor(Color.BLACK);
            g.setStroke(dashed(1.5f));
            double lo = Math.max(xAxis.min, yAxis.min);
            double hi = Math.min(xAxis.max, yAxis.max);
            g.draw(new Line2D.Double(m.x(lo), m.y(lo), m.x(hi), m.y(hi)));
        }
        for (Reference ref : references) {
            g.setColor(ref.color);
            g.setStroke(ref.dashed ? dashed(2f) : new BasicStroke(2f));
            g.draw(new Line2D.Double(left, m.y(ref.y), left + plotWidth, m.y(ref.y)));
        }
        long withIntervals = series.stream().filter(x -> x.low != null).count();
        int intervalIndex = 0;
        for (Series s : series) {
            g.setColor(s.color);
            if (s.line) {
                double dx = s.low == null ? 0 : (intervalIndex++ - (withIntervals - 1) / 2.0) * DODGE;
                g.setStroke(s.dashed ? dashed(2.5f) : new BasicStroke(2.5f));
                Path2D.Double path = new Path2D.Double();
                boolean started = false;
                for (int i = 0; i < s.x.length; i++) {
                    if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
                        continue;
                    }
                    if (started) {
                        path.lineTo(m.x(s.x[i]) + dx, m.y(s.y[i]));
                    } else {
                        path.moveTo(m.x(s.x[i]) + dx, m.y(s.y[i]));
                        started = true;
                    }
                }
                g.draw(path);
                if (s.low != null) {
                    drawIntervals(g, m, s, dx);
                }
            } else {
                Color fill = new Color(s.color.getRed(), s.color.getGreen(), s.color.getBlue(), 150);
                for (int i = 0; i < s.x.length; i++) {
                    if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
                        continue;
                    }
                    Ellipse2D.Double dot = new Ellipse2D.Double(m.x(s.x[i]) - 4, m.y(s.y[i]) - 4, 8, 8);
                    g.setColor(fill);
                    g.fill(dot);
                    g.setColor(s.color);
                    g.setStroke(new BasicStroke(1f));
                    g.draw(dot);
                }
            }
        }
        g.setClip(clip);
        g.setFont(tickFont);
        fm = g.getFontMetrics();
        for (Reference ref : references) {
            String s = ref.name + " " + yAxis.formatValue(ref.y);
            float x = left + plotWidth - fm.stringWidth(s) - 6;
            float y = (float) m.y(ref.y) - 5;
            g.setColor(new Color(255, 255, 255, 210));
            g.fillRect((int) x - 3, (int) (y - fm.getAscent()), fm.stringWidth(s) + 6, fm.getAscent() + 3);
            g.setColor(ref.color);
            g.drawString(s, x, y);
        }
        drawLegend(g, left, top, plotWidth, plotHeight);
    }

    private static void drawIntervals(Graphics2D g, Mapper m, Series s, double dx) {
        g.setStroke(new BasicStroke(1.8f));
        for (int i = 0; i < s.x.length; i++) {
            if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
                continue;
            }
            double px = m.x(s.x[i]) + dx;
            if (Double.isFinite(s.low[i]) && Double.isFinite(s.high[i])) {
                g.draw(new Line2D.Double(px, m.y(s.low[i]), px, m.y(s.high[i])));
                g.draw(new Line2D.Double(px - 4, m.y(s.low[i]), px + 4, m.y(s.low[i])));
                g.draw(new Line2D.Double(px - 4, m.y(s.high[i]), px + 4, m.y(s.high[i])));
            }
            g.fill(new Ellipse2D.Double(px - 4, m.y(s.y[i]) - 4, 8, 8));
        }
    }

    private void drawLegend(Graphics2D g, int left, int top, int plotWidth, int plotHeight) {
        List<Series> named = series.stream().filter(s -> s.name != null && !s.name.isEmpty()).toList();
        boolean identityEntry = identity;
        int entries = named.size() + (identityEntry ? 1 : 0);
        if (entries == 0) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        int textWidth = identityEntry ? fm.stringWidth("identity (y = x)") : 0;
        for (Series s : named) {
            textWidth = Math.max(textWidth, fm.stringWidth(s.name));
        }
        int rowHeight = fm.getHeight() + 2;
        int boxWidth = textWidth + 46;
        int boxHeight = entries * rowHeight + 10;
        // The legend sits in whichever corner holds the fewest points; on a tie bottom-right first, which ROC
        // curves and points near an identity line leave empty.
        int[][] corners = {{left + plotWidth - boxWidth - 8, top + plotHeight - boxHeight - 8}, {left + 8, top + 8},
            {left + plotWidth - boxWidth - 8, top + 8}, {left + 8, top + plotHeight - boxHeight - 8}};
        int[] corner = corners[quietestCorner(corners, boxWidth, boxHeight, left, top, plotWidth, plotHeight)];
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(corner[0], corner[1], boxWidth, boxHeight);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(corner[0], corner[1], boxWidth, boxHeight);
        int y = corner[1] + 5 + fm.getAscent();
        for (Series s : named) {
            g.setColor(s.color);
            if (s.line) {
                g.setStroke(s.dashed ? dashed(2.5f) : new BasicStroke(2.5f));
                g.drawLine(corner[0] + 8, y - fm.getAscent() / 2 + 1, corner[0] + 34, y - fm.getAscent() / 2 + 1);
            } else {
                g.fillOval(corner[0] + 17, y - fm.getAscent() / 2 - 3, 8, 8);
            }
            g.setColor(Color.BLACK);
            g.drawString(s.name, corner[0] + 40, y);
            y += rowHeight;
        }
        if (identityEntry) {
            g.setColor(Color.BLACK);
            g.setStroke(dashed(1.5f));
            g.drawLine(corner[0] + 8, y - fm.getAscent() / 2 + 1, corner[0] + 34, y - fm.getAscent() / 2 + 1);
            g.drawString("identity (y = x)", corner[0] + 40, y);
        }
    }

    private int quietestCorner(int[][] corners, int boxWidth, int boxHeight, int left, int top, int plotWidth, int plotHeight) {
        double[] r = dataRange();
        Axis xAxis = Axis.of(r[0], r[1], fixedRange != null);
        Axis yAxis = Axis.of(r[2], r[3], fixedRange != null);
        if (identity && fixedRange == null) {
            Axis shared = Axis.of(Math.min(r[0], r[2]), Math.max(r[1], r[3]), false);
            xAxis = shared;
            yAxis = shared;
        }
        Mapper m = new Mapper(xAxis, yAxis, left, top, plotWidth, plotHeight);
        int best = 0;
        long fewest = Long.MAX_VALUE;
        for (int c = 0; c < corners.length; c++) {
            long count = 0;
            for (Series s : series) {
                // Lines count along their length so a legend does not hide a curve.
                int samples = s.line ? 200 : s.x.length;
                for (int k = 0; k < samples; k++) {
                    double px;
                    double py;
                    if (s.line) {
                        if (s.x.length < 2) {
                            continue;
                        }
                        double t = k / 199.0 * (s.x.length - 1);
                        int i = Math.min(s.x.length - 2, (int) t);
                        double f = t - i;
                        px = m.x(s.x[i] + f * (s.x[i + 1] - s.x[i]));
                        py = m.y(s.y[i] + f * (s.y[i + 1] - s.y[i]));
                    } else {
                        px = m.x(s.x[k]);
                        py = m.y(s.y[k]);
                    }
                    if (px >= corners[c][0] && px <= corners[c][0] + boxWidth && py >= corners[c][1] && py <= corners[c][1] + boxHeight) {
                        count++;
                    }
                }
                // Intervals count along their length too.
                for (int k = 0; s.low != null && k < s.x.length; k++) {
                    for (int t = 0; t <= 20; t++) {
                        double px = m.x(s.x[k]);
                        double py = m.y(s.low[k] + t / 20.0 * (s.high[k] - s.low[k]));
                        if (px >= corners[c][0] && px <= corners[c][0] + boxWidth && py >= corners[c][1] && py <= corners[c][1] + boxHeight) {
                            count++;
                        }
                    }
                }
            }
            for (Reference ref : references) {
                double py = m.y(ref.y);
                if (py >= corners[c][1] && py <= corners[c][1] + boxHeight) {
                    count += 50;
                }
            }
            if (count < fewest) {
                fewest = count;
                best = c;
            }
        }
        return best;
    }

    private static Stroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
    }

    /** xmin, xmax, ymin, ymax over every finite point and reference line. */
    private double[] dataRange() {
        if (fixedRange != null) {
            return fixedRange;
        }
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    r[0] = Math.min(r[0], s.x[i]);
                    r[1] = Math.max(r[1], s.x[i]);
                    r[2] = Math.min(r[2], s.y[i]);
                    r[3] = Math.max(r[3], s.y[i]);
                    if (s.low != null && Double.isFinite(s.low[i]) && Double.isFinite(s.high[i])) {
                        r[2] = Math.min(r[2], s.low[i]);
                        r[3] = Math.max(r[3], s.high[i]);
                    }
                }
            }
        }
        for (Reference ref : references) {
            r[2] = Math.min(r[2], ref.y);
            r[3] = Math.max(r[3], ref.y);
        }
        if (!Double.isFinite(r[0])) {
            return new double[] {0, 1, 0, 1};
        }
        return r;
    }

    /** Data-to-pixel mapping of the plot area. */
    private record Mapper(Axis xAxis, Axis yAxis, int left, int top, int width, int height) {
        double x(double v) {
            return left + (v - xAxis.min) / (xAxis.max - xAxis.min) * width;
        }

        double y(double v) {
            return top + height - (v - yAxis.min) / (yAxis.max - yAxis.min) * height;
        }
    }

    /** An axis range widened to round ticks (steps of 1, 2 or 5 x 10^k, five to ten of them). */
    static final class Axis {
        final double min;
        final double max;
        final double step;
        final List<Double> ticks = new ArrayList<>();

        private Axis(double min, double max, double step) {
            this.min = min;
            this.max = max;
            this.step = step;
            for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) {
                ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            }
        }

        static Axis of(double lo, double hi, boolean exact) {
            if (!(hi > lo)) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            }
            double step = niceStep((hi - lo) / 6);
            if (exact) {
                return new Axis(lo, hi, step);
            }
            double pad = (hi - lo) * 0.04;
            return new Axis(Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step, step);
        }

        static double niceStep(double rough) {
            double exponent = Math.floor(Math.log10(rough));
            double base = Math.pow(10, exponent);
            double f = rough / base;
            double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
            return nice * base;
        }

        String format(double v) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }

        String formatValue(double v) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9)) + 1;
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }
}
