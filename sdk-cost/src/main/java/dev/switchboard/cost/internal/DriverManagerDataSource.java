package dev.switchboard.cost.internal;

import dev.switchboard.auth.Secret;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection per use through {@link DriverManager}: what a
 * config file's {@code ledger: { type: jdbc, url: ... }} gets. No pooling; applications that want a
 * pool pass their own DataSource to the builder.
 */
public final class DriverManagerDataSource implements DataSource {
  private final String url;
  private final String user;
  private final Secret password;

  public DriverManagerDataSource(String url, String user, Secret password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties p = new Properties();
    if (user != null) p.setProperty("user", user);
    if (password != null) p.setProperty("password", password.reveal());
    return DriverManager.getConnection(url, p);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    return DriverManager.getConnection(url, username, pass);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  /** The URL without its query string (which may hold a password). */
  @Override
  public String toString() {
    int q = url.indexOf('?');
    return "DriverManagerDataSource[" + (q < 0 ? url : url.substring(0, q)) + "]";
  }
}
