package org.sigmappg.app.codes;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.charts.RunCurves;
import java.util.function.IntConsumer;


/**
 * The Codes view's usage row: the histogram of the used codes, most used first (hover a bar for its code, click it
 * to choose the code), and the perplexity, unused codes and ICR over the epochs.
 */
final class UsagePane {
    private final DefaultNumericAxis rankAxis = new DefaultNumericAxis("codes, most used first");
    private final DefaultNumericAxis countAxis = new DefaultNumericAxis("patches");
    private final XYChart usageChart = new XYChart(rankAxis, countAxis);
    private final DoubleDataSet usageSet = new DoubleDataSet("patches per code");
    private final Label usageReadout = new Label("hover a bar for its code; click it to choose the code");
    /** The least height of the usage row, below which its charts have no plot left. */
    static final double USAGE_MIN_HEIGHT = 230;
    private final MetricChart perplexityChart = new MetricChart("Perplexity", "epoch", "perplexity");
    private final MetricChart healthChart = new MetricChart("Unused codes and ICR", "epoch", "fraction");
    private final IntConsumer select;
    private CodesView.Loaded loaded;

    /** @param select chooses a code, as a click on its bar does */
    UsagePane(IntConsumer select) {
        this.select = select;
    }

    /** Draws what the view read. */
    void show(CodesView.Loaded l) {
        loaded = l;
        showUsage();
        showCurves();
    }

    /** The histogram as drawn: x the rank, y the count. */
    DataSet dataSet() {
        return usageSet;
    }

    Node node() {
        for (DefaultNumericAxis a : List.of(rankAxis, countAxis)) {
            a.setAnimated(false);
            a.setAutoRanging(true);
            a.setAutoUnitScaling(false);
            // Counts and ranks have no unit: without this the titles read "patches []".
            a.setUnit(null);
        }
        rankAxis.setSide(Side.BOTTOM);
        countAxis.setSide(Side.LEFT);
        usageChart.setTitle("Code usage");
        usageChart.setAnimated(false);
        usageChart.setLegendVisible(false);
        usageChart.getToolBar().setVisible(false);
        usageChart.getToolBar().setManaged(false);
        usageChart.getStyleClass().addAll("signal-chart", "metric-chart");
        usageChart.setId("codes-usage");
        ErrorDataSetRenderer bars = new ErrorDataSetRenderer();
        bars.setPolyLineStyle(LineStyle.NONE);
        bars.setDrawBars(true);
        bars.setDrawMarker(false);
        bars.setDynamicBarWidth(true);
        bars.setBarWidthPercentage(80);
        bars.setErrorStyle(io.fair_acc.chartfx.renderer.ErrorStyle.NONE);
        DataSetNode node = bars.addDataSet(usageSet);
        node.setLineColor(Color.web("#0072B2"));
        node.setMarkerColor(Color.web("#0072B2"));
        usageChart.getRenderers().setAll(bars);
        usageChart.setMinSize(200, 150);
        usageChart.addEventFilter(MouseEvent.MOUSE_MOVED, e -> hoverUsage(e.getSceneX(), e.getSceneY(), false));
        usageChart.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> hoverUsage(e.getSceneX(), e.getSceneY(), true));
        usageReadout.setId("codes-usage-readout");
        usageReadout.getStyleClass().add("form-note");
        VBox usage = new VBox(2, usageChart, usageReadout);
        VBox.setVgrow(usageChart, Priority.ALWAYS);
        perplexityChart.node().setId("codes-perplexity");
        healthChart.node().setId("codes-health");
        HBox row = new HBox(6, usage, perplexityChart.node(), healthChart.node());
        HBox.setHgrow(usage, Priority.ALWAYS);
        usage.setPrefWidth(600);
        perplexityChart.node().setPrefWidth(330);
        healthChart.node().setPrefWidth(330);
        row.setPadding(new Insets(4, 6, 4, 6));
        // Room for the charts' titles, legends and axes: on a low window the gallery and the consistency row give way.
        row.setMinHeight(USAGE_MIN_HEIGHT);
        return row;
    }

    private void showUsage() {
        List<CodeUsage.Bar> bars = loaded.usage().bars();
        double[] x = new double[bars.size()];
        double[] y = new double[bars.size()];
        for (int i = 0; i < bars.size(); i++) {
            x[i] = bars.get(i).rank();
            y[i] = bars.get(i).count();
        }
        usageSet.lock().writeLockGuard(() -> usageSet.set(x, y, x.length, true));
        countAxis.setAutoRanging(false);
        countAxis.set(0, (y.length == 0 ? 1 : y[0]) * 1.05);
        rankAxis.setAutoRanging(false);
        rankAxis.set(0, bars.size() + 1);
        usageChart.invalidate();
    }

    private void hoverUsage(double sceneX, double sceneY, boolean choose) {
        if (loaded == null || loaded.usage().bars().isEmpty()) {
            return;
        }
        Point2D p = usageChart.getCanvas().sceneToLocal(sceneX, sceneY);
        if (p == null || p.getX() < 0 || p.getX() > usageChart.getCanvas().getWidth()) {
            return;
        }
        int rank = (int) Math.round(rankAxis.getValueForDisplay(p.getX()));
        List<CodeUsage.Bar> bars = loaded.usage().bars();
        if (rank < 1 || rank > bars.size()) {
            return;
        }
        CodeUsage.Bar b = bars.get(rank - 1);
        usageReadout.setText(String.format(Locale.ROOT, "rank %d: code %d, %,d patches (%.1f %%)", b.rank(), b.code(), b.count(),
                100.0 * b.count() / loaded.usage().total()));
        if (choose) {
            select.accept(b.code());
        }
    }

    private void showCurves() {
        RunCurves.Points perplexity = RunCurves.byEpochs(loaded.metrics(), "perplexity");
        RunCurves.Points unused = RunCurves.byEpochs(loaded.metrics(), "unused_codes");
        RunCurves.Points consistency = RunCurves.byEpochs(loaded.metrics(), "icr");
        perplexityChart.setSeries(List.of(new MetricChart.Series("perplexity", perplexity.x(), perplexity.y(), null, false, true)));
        healthChart.setSeries(List.of(new MetricChart.Series("unused codes", unused.x(), unused.y(), MetricChart.PALETTE.get(1), false, true),
                new MetricChart.Series("ICR (held out)", consistency.x(), consistency.y(), MetricChart.PALETTE.get(2), false, true)));
    }
}
