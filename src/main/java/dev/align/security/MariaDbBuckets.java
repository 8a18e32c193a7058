package dev.align.security;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Bucket4j's token buckets kept in the {@code login_throttle} table, through Bucket4j's own
 * select-for-update protocol (the same one its MySQL module uses, which is not served here): every
 * node sees the same buckets, so more nodes do not mean more guesses.
 */
final class MariaDbBuckets extends AbstractSelectForUpdateBasedProxyManager<String> {

    private final DataSource dataSource;

    MariaDbBuckets(DataSource dataSource, ClientSideConfig config) {
        super(config);
        this.dataSource = dataSource;
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeout) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw BucketExceptions.executionException(e);
        }
        return new SelectForUpdateBasedTransaction() {
            @Override
            public void begin(Optional<Long> timeout) {
                run(() -> {
                    // No gap locks: two nodes creating the same new bucket must not deadlock on its absence.
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    connection.setAutoCommit(false);
                });
            }

            @Override
            public void rollback() {
                run(connection::rollback);
            }

            @Override
            public void commit(Optional<Long> timeout) {
                run(connection::commit);
            }

            @Override
            public LockAndGetResult tryLockAndGet(Optional<Long> timeout) {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT state FROM login_throttle WHERE bucket_key = ? FOR UPDATE")) {
                    applyTimeout(select, timeout);
                    select.setString(1, key);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? LockAndGetResult.locked(row.getBytes(1)) : LockAndGetResult.notLocked();
                    }
                } catch (SQLException e) {
                    throw BucketExceptions.executionException(e);
                }
            }

            @Override
            public boolean tryInsertEmptyData(Optional<Long> timeout) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT IGNORE INTO login_throttle (bucket_key, state) VALUES (?, NULL)")) {
                    applyTimeout(insert, timeout);
                    insert.setString(1, key);
                    insert.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    throw BucketExceptions.executionException(e);
                }
            }

            @Override
            public void update(byte[] data, RemoteBucketState state, Optional<Long> timeout) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE login_throttle SET state = ? WHERE bucket_key = ?")) {
                    applyTimeout(update, timeout);
                    update.setBytes(1, data);
                    update.setString(2, key);
                    update.executeUpdate();
                } catch (SQLException e) {
                    throw BucketExceptions.executionException(e);
                }
            }

            @Override
            public void release() {
                run(connection::close);
            }

            private void run(SqlAction action) {
                try {
                    action.run();
                } catch (SQLException e) {
                    throw BucketExceptions.executionException(e);
                }
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM login_throttle WHERE bucket_key = ?")) {
            delete.setString(1, key);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw BucketExceptions.executionException(e);
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }
}
