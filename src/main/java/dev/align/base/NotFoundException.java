package dev.align.base;

/**
 * A record that does not exist in the current organisation. Records of other organisations get the
 * same answer, so that ids cannot be probed across tenants.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, long id) {
        super(what + " " + id + " was not found in this organisation");
    }
}
