package dev.align.illumera.secrets;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import java.security.GeneralSecurityException;

/**
 * Prints a new master keyset for {@code ALIGN_SECRETS_KEYSET} (one AES-256-GCM key, Tink JSON, one line), for
 * an operator setting up nodes: {@code java -cp align.jar -Dloader.main=dev.align.illumera.secrets.NewKeyset
 * org.springframework.boot.loader.launch.PropertiesLauncher}. Nothing is stored; keep the output secret.
 */
public final class NewKeyset {

    private NewKeyset() {
    }

    public static void main(String[] args) throws GeneralSecurityException {
        System.out.println(generate());
    }

    static String generate() throws GeneralSecurityException {
        AeadConfig.register();
        return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.newBuilder().addEntry(
                KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                .build(), InsecureSecretKeyAccess.get()).replace("\n", "");
    }
}
