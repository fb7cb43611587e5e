package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalPostgres;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row of every table of every database on the test PostgreSQL, as text: what a data-only {@code pg_dump} holds,
 * with compressed (TOASTed) values decompressed, so a search for a string finds it wherever a row keeps it. Read with
 * COPY over JDBC, since the machine's own {@code pg_dump} may be older than the server.
 */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    public static String everything() {
        LocalPostgres postgres = RealServers.postgres();
        StringWriter dump = new StringWriter();
        for (String database : databases(postgres)) {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database), LocalPostgres.SUPERUSER, "")) {
                for (String table : tables(c)) {
                    dump.append("-- ").append(database).append('.').append(table).append('\n');
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT", dump);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not dump " + database, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dump.toString();
    }

    private static List<String> databases(LocalPostgres postgres) {
        return strings(postgres.jdbcUrl("postgres"), "SELECT datname FROM pg_database WHERE NOT datistemplate");
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
                WHERE schemaname NOT IN ('pg_catalog', 'information_schema')""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static List<String> strings(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.SUPERUSER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
