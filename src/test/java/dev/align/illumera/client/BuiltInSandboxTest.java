package dev.align.illumera.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the sandbox this node serves itself counts as "built in" (its demo key is public). */
class BuiltInSandboxTest {

    @ParameterizedTest
    @CsvSource({
            "http://localhost:8080/illumera-sandbox, 8080, true",
            "http://127.0.0.1:8080/illumera-sandbox/, 8080, true",
            "http://localhost:9090/illumera-sandbox, 8080, false",
            "http://sandbox.internal:8080/illumera-sandbox, 8080, false",
            "https://api.illumera.example, 8080, false",
            "http://localhost:8080/illumera-sandbox/v2, 8080, false"})
    void the_base_url_names_this_nodes_own_sandbox_only_on_its_own_port_and_path(String baseUrl, String port,
                                                                                 boolean builtIn) {
        assertThat(IllumeraClients.servesItself(baseUrl, port)).isEqualTo(builtIn);
    }
}
