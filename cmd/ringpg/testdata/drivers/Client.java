// A pgJDBC client for the driver matrix test (drivers_test.go): connects
// with the DRV_* environment variables, runs DRV_QUERY and prints
// "OK <first column>" or "ERR <SQLSTATE> <message>". Run as a single-file
// source program with the driver's jar on the class path.
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

public class Client {
    public static void main(String[] args) {
        Map<String, String> e = System.getenv();
        String url = "jdbc:postgresql://" + e.get("DRV_HOST") + ":" + e.get("DRV_PORT") + "/" + e.get("DRV_DB");
        Properties p = new Properties();
        p.setProperty("user", e.get("DRV_USER"));
        p.setProperty("password", e.get("DRV_PASSWORD"));
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", e.get("DRV_CA"));
        p.setProperty("connectTimeout", "10");
        try (Connection c = DriverManager.getConnection(url, p);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(e.get("DRV_QUERY"))) {
            rs.next();
            System.out.println("OK " + rs.getString(1));
        } catch (SQLException ex) {
            String msg = ex.getMessage() == null ? "" : ex.getMessage().replace('\n', ' ');
            System.out.println("ERR " + (ex.getSQLState() == null ? "-" : ex.getSQLState()) + " " + msg);
        }
    }
}
