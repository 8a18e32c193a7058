package dev.align.illumera.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The master keys. In production they come from configuration ({@code ALIGN_SECRETS_KEYSET}, a Tink
 * JSON keyset); in the embedded default a keyset is generated once into the data folder, with a
 * warning. Rotation adds a new primary key; older keys stay to open what they sealed.
 */
@Component
class SecretsKeyset {

    private static final Logger log = LoggerFactory.getLogger(SecretsKeyset.class);

    private final Path file;
    private final boolean fromConfiguration;
    private volatile KeysetHandle keyset;
    private volatile Aead aead;

    SecretsKeyset(@Value("${align.secrets.keyset:}") String configured,
                  @Value("${align.secrets.keyset-file:data/secrets-keyset.json}") Path file,
                  @Value("${align.secrets.generate-if-missing:auto}") String generate,
                  @Value("${spring.datasource.url:}") String databaseUrl) {
        // "auto": only the embedded default makes its own keys; on a real database a missing keyset is an error.
        boolean generateIfMissing = generate.equalsIgnoreCase("true")
                || (generate.equalsIgnoreCase("auto") && databaseUrl.isBlank());
        this.file = file;
        this.fromConfiguration = !configured.isBlank();
        try {
            AeadConfig.register();
            if (fromConfiguration) {
                use(TinkJsonProtoKeysetFormat.parseKeyset(configured, InsecureSecretKeyAccess.get()));
            } else if (Files.exists(file)) {
                use(TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get()));
            } else if (generateIfMissing) {
                log.warn("No secrets keyset configured: generated one at {}. Set ALIGN_SECRETS_KEYSET in production"
                        + " (and keep the file if you keep this database).", file.toAbsolutePath());
                save(TinkJsonProtoKeysetFormat.parseKeyset(NewKeyset.generate(), InsecureSecretKeyAccess.get()));
            } else {
                throw new IllegalStateException("No secrets keyset: set ALIGN_SECRETS_KEYSET (a Tink JSON keyset), or"
                        + " ALIGN_SECRETS_GENERATE_IF_MISSING=true to let this node make one in " + file);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The secrets keyset cannot be read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("The secrets keyset file " + file + " cannot be read", e);
        }
    }

    Aead aead() {
        return aead;
    }

    long primaryKeyId() {
        return Integer.toUnsignedLong(keyset.getPrimary().getId());
    }

    /**
     * Adds a new primary key (file-based keysets only: a configured keyset is rotated by configuring
     * the new one). Everything sealed before still opens; re-encryption moves it to the new key.
     */
    synchronized void rotate() {
        if (fromConfiguration) {
            throw new IllegalStateException("The keyset comes from ALIGN_SECRETS_KEYSET: rotate it there");
        }
        try {
            save(KeysetHandle.newBuilder(keyset).addEntry(KeysetHandle.generateEntryFromParameters(
                    PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary()).build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Key rotation failed", e);
        }
    }

    private void save(KeysetHandle handle) throws GeneralSecurityException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("The secrets keyset cannot be written to " + file, e);
        }
        use(handle);
    }

    private void use(KeysetHandle handle) throws GeneralSecurityException {
        this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        this.keyset = handle;
    }
}
