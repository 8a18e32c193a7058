package dev.align.illumera.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The re-encrypt command: start a node with {@code ALIGN_SECRETS_REENCRYPT=true} after putting a new
 * primary key into the keyset; it moves every secret to that key. Running it again does nothing.
 */
@Component
@ConditionalOnProperty(name = "align.secrets.reencrypt-on-start", havingValue = "true")
class ReencryptOnStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReencryptOnStart.class);

    private final SecretBox secrets;

    ReencryptOnStart(SecretBox secrets) {
        this.secrets = secrets;
    }

    @Override
    public void run(ApplicationArguments args) {
        var result = secrets.reencryptAll();
        log.info("Re-encrypted {} secrets to key {}; {} do not open and were left as they are", result.moved(),
                secrets.primaryKeyId(), result.unreadable());
    }
}
