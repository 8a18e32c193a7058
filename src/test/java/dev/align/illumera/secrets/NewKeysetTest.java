package dev.align.illumera.secrets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's keyset generator makes what a node takes as ALIGN_SECRETS_KEYSET, new each time. */
class NewKeysetTest {

    @Test
    void a_printed_keyset_is_one_line_a_node_accepts_and_never_the_same_twice() throws Exception {
        String printed = NewKeyset.generate();
        assertThat(printed).doesNotContain("\n").contains("AesGcmKey");
        assertThat(NewKeyset.generate()).isNotEqualTo(printed);

        var keyset = new SecretsKeyset(printed, Path.of("target/never-written.json"), "false",
                "jdbc:mariadb://db.example/align");
        byte[] sealed = keyset.aead().encrypt("ilm_live_x".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(new String(keyset.aead().decrypt(sealed, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("ilm_live_x");
        assertThat(Path.of("target/never-written.json")).doesNotExist();
    }
}
