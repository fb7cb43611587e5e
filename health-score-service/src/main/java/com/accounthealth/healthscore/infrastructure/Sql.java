package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.webapi.PagedQuery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement on a connection of the caller's transaction (or its own, outside one), without the JDBC ceremony: for
 * the tables ingest writes with its own batch statements (aggregates over them, reads of an alert). Mutable records
 * are Hibernate entities instead.
 */
public final class Sql {

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private Sql() {
    }

    /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
    public static int update(DataSource dataSource, String sql, String what, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not " + what, e);
        }
    }

    /** Runs a query; returns a value per row. */
    public static <T> List<T> query(DataSource dataSource, String sql, String what, Parameters parameters,
                             PagedQuery.Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(row.read(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not " + what, e);
        }
    }
}
