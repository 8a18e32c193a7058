package dev.align.base.ui;

import com.vaadin.flow.component.grid.Grid;

import java.util.function.Consumer;

/** Row clicks on lazy grids. */
public final class Rows {

    private Rows() {
    }

    /**
     * Opens the clicked row. A click that lands while the grid reloads (a filter typed a moment ago)
     * arrives without its row, which no longer exists on the server: it is ignored, as the row is gone.
     */
    public static <T> void onClick(Grid<T> grid, Consumer<T> open) {
        grid.addItemClickListener(click -> {
            if (click.getItem() != null) {
                open.accept(click.getItem());
            }
        });
    }
}
