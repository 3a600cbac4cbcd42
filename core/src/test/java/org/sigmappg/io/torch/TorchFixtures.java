package org.sigmappg.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;
import org.sigmappg.io.ReadException;

/**
 * The files under src/test/resources/torch, written by src/test/python/make_torch_fixtures.py with
 * PyTorch 1.13 (see that script for the command), and checks shared by the tests that read them.
 */
final class TorchFixtures {
    private TorchFixtures() {
    }

    /** Copies a fixture into {@code dir} (tests may damage their copy) and returns its path. */
    static Path copy(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = TorchFixtures.class.getResourceAsStream("/torch/" + name)) {
            assertNotNull(in, name);
            Files.copy(in, p);
        }
        return p;
    }

    /** expected.json: per checkpoint, every tensor as torch.load gave it back, and repr(args). */
    static JsonObject expected() throws IOException {
        try (InputStream in = TorchFixtures.class.getResourceAsStream("/torch/expected.json")) {
            assertNotNull(in);
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    /** A JSON value of expected.json as a float: numbers, or "inf", "-inf" and "nan", which JSON cannot hold. */
    static float floatOf(JsonElement e) {
        if (e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "inf" -> Float.POSITIVE_INFINITY;
                case "-inf" -> Float.NEGATIVE_INFINITY;
                default -> Float.NaN;
            };
        }
        return (float) e.getAsDouble();
    }

    /** Asserts the read is refused and returns the message, checked to be one plain line naming the file. */
    static String refusal(Path file, Executable read) {
        ReadException e = assertThrows(ReadException.class, read);
        String message = e.getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        assertPlain(message);
        return message;
    }

    /** One line in our words: no line break, no Java class name, no stack trace, no web address. */
    static void assertPlain(String message) {
        assertFalse(message.contains("\n"), message);
        assertFalse(message.matches(".*\\b(java|javax|com\\.google|org\\.sigmappg)\\.[a-z].*"), message);
        assertFalse(message.contains("Exception"), message);
        assertFalse(message.contains("http"), message);
        assertEquals(message.strip(), message);
    }
}
