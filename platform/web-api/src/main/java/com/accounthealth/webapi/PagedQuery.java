package com.accounthealth.webapi;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A list endpoint's query: the total for the filter, and one page of rows in a stable order. */
public final class PagedQuery {

    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private PagedQuery() {
    }

    /**
     * @param columns   what a row selects
     * @param fromWhere {@code FROM table WHERE ...} with {@code ?} for each of {@code parameters}
     * @param orderBy   an ORDER BY that makes pages stable (ends with a unique column)
     */
    public static <T> Paging.Page<T> run(DataSource dataSource, String columns, String fromWhere, String orderBy,
                                         List<Object> parameters, Paging paging, Row<T> row) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement count = c.prepareStatement("SELECT count(*) " + fromWhere);
             PreparedStatement page = c.prepareStatement("SELECT " + columns + " " + fromWhere + " " + orderBy
                     + " LIMIT ? OFFSET ?")) {
            for (int i = 0; i < parameters.size(); i++) {
                count.setObject(i + 1, parameters.get(i));
                page.setObject(i + 1, parameters.get(i));
            }
            page.setInt(parameters.size() + 1, paging.size());
            page.setInt(parameters.size() + 2, paging.offset());
            long total;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<T> items = new ArrayList<>();
            try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                    items.add(row.read(rs));
                }
            }
            return paging.page(items, total);
        }
    }

    /** One page of entities (the query sorted stably, ending with a unique column) and the total for its filter. */
    public static <E, T> Paging.Page<T> of(PanacheQuery<E> query, Paging paging, Function<E, T> view) {
        long total = query.count();
        List<T> items = query.page(Page.of(paging.page(), paging.size())).list().stream().map(view).toList();
        return paging.page(items, total);
    }
}
