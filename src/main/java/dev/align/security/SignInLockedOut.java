package dev.align.security;

import java.time.Duration;

/**
 * A failed sign-in emptied the account's or the address's allowance: attempts wait {@code retryAfter} now.
 * {@code account} is the name as typed (it may not exist).
 */
public record SignInLockedOut(String account, Duration retryAfter) {
}
