package dev.align.illumera.secrets;

/** A sealed secret that does not open: tampered, copied to another organisation, or its key is gone. */
public class SecretUnreadable extends RuntimeException {

    SecretUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
