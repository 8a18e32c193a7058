package dev.align.illumera;

/** Connecting was refused because the connection test failed; nothing was stored. */
public class ConnectionRefused extends RuntimeException {

    private final ConnectionTest test;

    ConnectionRefused(ConnectionTest test) {
        super(test.message());
        this.test = test;
    }

    public ConnectionTest test() {
        return test;
    }
}
