package org.sigmappg.app.tasks;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.text.Text;
import org.sigmappg.eval.Metric;

/** The columns and cells of the dashboard's tables: figures with their intervals in each metric's own format. */
final class TableTools {
    /** Rows whose texts size the columns of the predictions table (more would cost time for little). */
    private static final int FIT_ROWS = 200;

    private TableTools() {
    }

    /**
     * A column as wide as its title and the texts of the first {@value #FIT_ROWS} of {@code rows} need, showing {@code text} of each
     * row ({@code numeric}: aligned right) and sorting rows by {@code order} (numbers as numbers, names naturally).
     */
    static <T> TableColumn<T, T> sortable(List<T> rows, String name, boolean numeric, Function<T, String> text, Comparator<T> order) {
        TableColumn<T, T> c = new TableColumn<>(name);
        Text measure = new Text(name);
        double width = measure.getLayoutBounds().getWidth();
        for (T row : rows.subList(0, Math.min(rows.size(), FIT_ROWS))) {
            measure.setText(text.apply(row));
            width = Math.max(width, measure.getLayoutBounds().getWidth());
        }
        // Room for the cell's padding and the header's sort arrow.
        c.setPrefWidth(width + 36);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        c.setComparator(order);
        if (numeric) {
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
        }
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        });
        return c;
    }

    static String cell(String metricKey, Double value, Double low, Double high) {
        if (value == null) {
            return "undefined";
        }
        Function<Double, String> f = v -> {
            try {
                return Metric.ofKey(metricKey).format(v);
            } catch (IllegalArgumentException unknown) {
                return String.format(Locale.ROOT, "%.3f", v);
            }
        };
        return f.apply(value) + (low == null || high == null ? "" : " [" + f.apply(low) + ", " + f.apply(high) + "]");
    }

    static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    static boolean isUnitMetric(String key) {
        try {
            return Metric.ofKey(key).hasUnit();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
