package dev.align.base;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

import java.util.function.Supplier;

/**
 * Spring Data JDBC wraps driver errors in its own exception; this turns the ones a person can act
 * on into the exceptions the forms understand.
 */
public final class DataErrors {

    private DataErrors() {
    }

    public static <T> T translate(Supplier<T> write, String uniqueField, String uniqueMessage) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof DuplicateKeyException) {
                    throw new InvalidInputException(uniqueField, uniqueMessage);
                }
                if (cause instanceof OptimisticLockingFailureException stale) {
                    throw stale;
                }
            }
            throw e;
        }
    }
}
