package dev.align.illumera.client;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The client's settings ({@code illumera.client.*}; the README's table says what each means), bound
 * once with their defaults. The base URL is read when a client is made: by default it names this
 * node's own port, known only once the server has started.
 */
@ConfigurationProperties("illumera.client")
record ClientSettings(@DefaultValue("PT5S") Duration connectTimeout,
                      @DefaultValue("PT20S") Duration readTimeout,
                      @DefaultValue("4") int maxAttempts,
                      @DefaultValue("PT0.5S") Duration initialBackoff,
                      @DefaultValue("PT60S") Duration maxRetryAfterWait,
                      @DefaultValue("8388608") long maxAnswerBytes,
                      @DefaultValue("20000") int maxPagesPerRead,
                      @DefaultValue("PT15M") Duration maxRetryAfter,
                      @DefaultValue("") java.util.List<String> plainHttpHosts) {

    ClientSettings {
        // "a, B ," and "" as an operator may write them: trimmed, lower case, no blanks.
        plainHttpHosts = plainHttpHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
    }

    IllumeraClient.Settings with(java.net.URI baseUrl) {
        return new IllumeraClient.Settings(baseUrl, connectTimeout, readTimeout, maxAttempts, initialBackoff,
                maxRetryAfterWait, maxAnswerBytes, maxPagesPerRead, maxRetryAfter, java.util.Set.copyOf(plainHttpHosts));
    }
}
