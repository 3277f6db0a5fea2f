// The pgJDBC application flow of the driver matrix (driverflow_test.go):
// connects with the FLOW_* environment variables and prints a transcript
// that the test compares between PostgreSQL 15 and ringpg. pgJDBC uses the
// extended protocol, switches a statement executed often enough to a named
// server-side statement with binary results (not behind a
// transaction-mode pooler, where FLOW_POOLER=1 turns that off), and copies
// through its CopyManager.
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

public class Flow {
    static String T;
    static Connection c;

    interface Step {
        void run() throws Exception;
    }

    static byte[] all() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    // Each row: bytea, jsonb as sent, jsonb as PostgreSQL prints it,
    // numeric, timestamptz, text[], int4[].
    static final Object[][] ROWS = {
        {all(), "{\"a\": [1, 2, {\"b\": null}], \"u\": \"héllo ✓ 😀\", \"n\": 1.5e3, \"s\": \"q\\\"uo\\\\te\"}",
            "{\"a\": [1, 2, {\"b\": null}], \"n\": 1500, \"s\": \"q\\\"uo\\\\te\", \"u\": \"héllo ✓ 😀\"}",
            new BigDecimal("12345678901234.123456"),
            OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 123456000, ZoneOffset.ofHoursMinutes(5, 30)),
            new String[] {"a", null, "with \"quote\"", "comma,brace}", "", "NULL"}, new Integer[] {1, null, -3}},
        {new byte[0], "[[], {}, \"x\\\"y\", true, false, null]", "[[], {}, \"x\\\"y\", true, false, null]",
            new BigDecimal("-0.000001"), OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHours(-8)),
            new String[] {}, new Integer[] {}},
        {"\\x00'".getBytes(), "\"scalar ✓\"", "\"scalar ✓\"", new BigDecimal("99999999999999.999999"), OffsetDateTime.MAX,
            new String[] {" spaces ", "back\\slash"}, new Integer[] {2147483647, -2147483648}},
        {new byte[] {(byte) 0xff}, "{\"deep\": {\"er\": [{\"x\": 1.25}]}}", "{\"deep\": {\"er\": [{\"x\": 1.25}]}}",
            new BigDecimal("-99999999999999.999999"), OffsetDateTime.MIN, null, null},
    };

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    static String ts(OffsetDateTime t) {
        if (t == null) {
            return "null";
        }
        if (t.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (t.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        return t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'"));
    }

    static String errLine(SQLException ex) {
        if (ex instanceof PSQLException && ((PSQLException) ex).getServerErrorMessage() != null) {
            ServerErrorMessage m = ((PSQLException) ex).getServerErrorMessage();
            String s = "ERR " + m.getSQLState() + " " + m.getMessage();
            if (m.getDetail() != null) {
                s += " DETAIL " + m.getDetail();
            }
            return s;
        }
        return "CLIENTERR " + ex.getSQLState() + " " + ex.getMessage();
    }

    static void step(String name, Step s) {
        try {
            s.run();
        } catch (SQLException ex) {
            System.out.println(name + ": " + errLine(ex));
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // the next step reports a broken connection
            }
        } catch (Exception ex) {
            System.out.println(name + ": CLIENTERR " + ex);
        }
    }

    static void exec(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long count() throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + T)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> e = System.getenv();
        T = e.get("FLOW_TABLE");
        String url = "jdbc:postgresql://" + e.get("FLOW_HOST") + ":" + e.get("FLOW_PORT") + "/" + e.get("FLOW_DB");
        Properties p = new Properties();
        p.setProperty("user", e.get("FLOW_USER"));
        p.setProperty("sslmode", "disable");
        p.setProperty("connectTimeout", "10");
        if ("1".equals(e.get("FLOW_POOLER"))) {
            p.setProperty("prepareThreshold", "0");
        }
        c = DriverManager.getConnection(url, p);
        step("create", () -> {
            exec("drop table if exists " + T);
            exec("create table " + T + " (id serial primary key, b bytea, j jsonb, n numeric(20,6), ts timestamptz, tags text[], nums int4[])");
        });
        step("insert", () -> {
            try (PreparedStatement ps = c.prepareStatement("insert into " + T + " (b, j, n, ts, tags, nums) values (?, ?, ?, ?, ?, ?) returning id")) {
                for (Object[] r : ROWS) {
                    ps.setBytes(1, (byte[]) r[0]);
                    PGobject j = new PGobject();
                    j.setType("jsonb");
                    j.setValue((String) r[1]);
                    ps.setObject(2, j);
                    ps.setBigDecimal(3, (BigDecimal) r[3]);
                    ps.setObject(4, r[4]);
                    if (r[5] == null) {
                        ps.setNull(5, Types.ARRAY);
                        ps.setNull(6, Types.ARRAY);
                    } else {
                        ps.setArray(5, c.createArrayOf("text", (String[]) r[5]));
                        ps.setArray(6, c.createArrayOf("int4", (Integer[]) r[6]));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        System.out.println("inserted id " + rs.getInt(1));
                    }
                }
            }
        });
        step("select", () -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select id, b, j, n, ts, tags, nums from " + T + " order by id")) {
                int i = 0;
                while (rs.next()) {
                    int id = rs.getInt(1);
                    byte[] b = rs.getBytes(2);
                    Object j = rs.getObject(3);
                    String js = j instanceof PGobject ? ((PGobject) j).getValue() : String.valueOf(j);
                    BigDecimal n = rs.getBigDecimal(4);
                    OffsetDateTime t = rs.getObject(5, OffsetDateTime.class);
                    Array ta = rs.getArray(6);
                    Array na = rs.getArray(7);
                    String[] tags = ta == null ? null : (String[]) ta.getArray();
                    Integer[] nums = na == null ? null : (Integer[]) na.getArray();
                    System.out.println("row " + id + ": b=" + hex(b) + " j=" + js + " jtype=" + (j == null ? "null" : j.getClass().getSimpleName())
                        + " n=" + n + " ts=" + ts(t) + " tags=" + Arrays.toString(tags) + " nums=" + Arrays.toString(nums));
                    Object[] w = ROWS[i++];
                    System.out.println("row " + id + " equal: b=" + Arrays.equals(b, (byte[]) w[0]) + " j=" + js.equals(w[2])
                        + " n=" + (n.compareTo((BigDecimal) w[3]) == 0) + " ts=" + ts(t).equals(ts((OffsetDateTime) w[4]))
                        + " tags=" + Arrays.equals(tags, (String[]) w[5]) + " nums=" + Arrays.equals(nums, (Integer[]) w[6]));
                }
            }
        });
        step("update", () -> {
            try (PreparedStatement ps = c.prepareStatement("update " + T + " set n = n + ?, tags = array_append(tags, ?) where id = ? returning n, tags")) {
                ps.setBigDecimal(1, new BigDecimal("0.5"));
                ps.setString(2, "new");
                ps.setInt(3, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    System.out.println("updated: n=" + rs.getBigDecimal(1) + " tags=" + Arrays.toString((String[]) rs.getArray(2).getArray()));
                }
            }
        });
        step("transaction", () -> {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into " + T + " (b) values (?)")) {
                ps.setBytes(1, "tx".getBytes());
                ps.executeUpdate();
            }
            Savepoint sp = c.setSavepoint("s1");
            try (PreparedStatement ps = c.prepareStatement("delete from " + T + " where id = ?")) {
                ps.setInt(1, 1);
                ps.executeUpdate();
            }
            try {
                exec("select 1/0");
            } catch (SQLException ex) {
                System.out.println("in savepoint: " + errLine(ex));
            }
            c.rollback(sp);
            System.out.println("after rollback to savepoint: " + count());
            c.rollback();
            System.out.println("after rollback: " + count());
            c.setAutoCommit(true);
        });
        step("prepared", () -> {
            try (PreparedStatement ps = c.prepareStatement("select id, n, b from " + T + " where id = ?")) {
                for (int id : new int[] {1, 2, 3, 4, 99, 1, 2, 3}) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            System.out.println("prepared " + id + ": no rows");
                        } else {
                            System.out.println("prepared " + id + ": " + rs.getInt(1) + " " + rs.getBigDecimal(2) + " " + rs.getBytes(3).length + " bytes");
                        }
                    }
                }
            }
        });
        step("unique", () -> {
            try (PreparedStatement ps = c.prepareStatement("insert into " + T + " (id, b) values (?, ?)")) {
                ps.setInt(1, 1);
                ps.setBytes(2, "dup".getBytes());
                ps.executeUpdate();
                System.out.println("unique violation: OK");
            } catch (PSQLException ex) {
                System.out.println("unique violation: " + errLine(ex));
                ServerErrorMessage m = ex.getServerErrorMessage();
                System.out.println("constraint=" + m.getConstraint() + " table=" + m.getTable());
            }
        });
        CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
        step("copy out", () -> {
            StringWriter w = new StringWriter();
            long n = cm.copyOut("copy (select id, b, j, n, ts at time zone 'UTC', tags, nums from " + T + " order by id) to stdout", w);
            System.out.println("copy out " + n + " rows:");
            System.out.println(w);
        });
        step("copy in", () -> {
            String data = "\\\\x010203\t{\"copied\": true}\t1.5\t2020-01-01 00:00:00+00\t{x,y}\t{7}\n\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n";
            long n = cm.copyIn("copy " + T + " (b, j, n, ts, tags, nums) from stdin", new StringReader(data));
            System.out.println("copied in " + n + " rows");
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select string_agg(coalesce(encode(b, 'hex'), 'NULL') || ' ' || coalesce(j::text, 'NULL') || ' ' || "
                    + "coalesce(n::text, 'NULL') || ' ' || coalesce(tags::text, 'NULL') || ' ' || coalesce(nums::text, 'NULL'), '; ' order by id) from " + T + " where id > 4")) {
                rs.next();
                System.out.println("copied rows: " + rs.getString(1));
            }
        });
        step("metadata", () -> {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getColumns(null, "public", T, "%")) {
                while (rs.next()) {
                    System.out.println("column " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " size=" + rs.getInt("COLUMN_SIZE")
                            + " digits=" + rs.getInt("DECIMAL_DIGITS") + " nullable=" + rs.getString("IS_NULLABLE") + " auto=" + rs.getString("IS_AUTOINCREMENT")
                            + " default=" + (rs.getString("COLUMN_DEF") == null ? "null" : rs.getString("COLUMN_DEF").replace(T, "T")));
                }
            }
            try (ResultSet rs = md.getPrimaryKeys(null, "public", T)) {
                while (rs.next()) {
                    System.out.println("primary key column " + rs.getString("COLUMN_NAME") + " seq=" + rs.getInt("KEY_SEQ"));
                }
            }
            try (ResultSet rs = md.getIndexInfo(null, "public", T, false, false)) {
                while (rs.next()) {
                    System.out.println("index column " + rs.getString("COLUMN_NAME") + " pos=" + rs.getInt("ORDINAL_POSITION")
                            + " nonunique=" + rs.getBoolean("NON_UNIQUE") + " order=" + rs.getString("ASC_OR_DESC"));
                }
            }
        });
        step("drop", () -> exec("drop table " + T));
        c.close();
    }
}
