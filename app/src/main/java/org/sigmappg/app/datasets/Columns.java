package org.sigmappg.app.datasets;

import java.util.Comparator;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;

/** Table columns that show a value formatted and sort by the value itself (numbers as numbers, empty last). */
final class Columns {
    private Columns() {
    }

    /** A column of {@code value}, shown through {@code format}; numeric columns get the {@code numeric} style class. */
    static <S, T extends Comparable<? super T>> TableColumn<S, T> of(String title, double width, Function<S, T> value,
                                                                     Function<T, String> format, boolean numeric) {
        return of(title, width, value, format, Comparator.nullsLast(Comparator.<T>naturalOrder()), numeric, v -> null);
    }

    /**
     * A column with its own order and, per value, an optional warning shown as the cell's tooltip (and the
     * {@code flagged} style), e.g. a label value outside the plausible range.
     */
    static <S, T> TableColumn<S, T> of(String title, double width, Function<S, T> value, Function<T, String> format,
                                       Comparator<T> order, boolean numeric, Function<T, String> warning) {
        TableColumn<S, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setComparator(order);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("flagged");
                setTooltip(null);
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                setText(format.apply(item));
                String w = warning.apply(item);
                if (w != null) {
                    getStyleClass().add("flagged");
                    setTooltip(new Tooltip(w));
                }
            }
        });
        if (numeric) {
            c.getStyleClass().add("numeric");
        }
        return c;
    }
}
