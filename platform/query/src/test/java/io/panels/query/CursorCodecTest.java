package io.panels.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panels.query.cursor.Cursor;
import io.panels.query.cursor.CursorCodec;
import io.panels.query.cursor.InvalidCursorException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final Cursor cursor = new Cursor(Arrays.asList("12.50", null, "2024-06-01T10:00:00.123456Z", "0191f0c4-0000-7000-8000-000000000001"));

    @Test
    void roundTrips() {
        String token = codec.encode(cursor, "price:asc:last,id");
        assertEquals(cursor, codec.decode(token, "price:asc:last,id"));
    }

    @Test
    void refusesAlteredForeignAndMisplacedCursors() {
        String token = codec.encode(cursor, "price:asc:last,id");
        String payload = token.substring(0, token.indexOf('.'));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).replace("12.50", "0")
                        .getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
        assertThrows(InvalidCursorException.class, () -> codec.decode(forged, "price:asc:last,id"));
        assertThrows(InvalidCursorException.class, () -> codec.decode(token, "price:desc:last,id"));
        assertThrows(InvalidCursorException.class, () -> codec.decode("not a cursor", "price:asc:last,id"));
        assertThrows(InvalidCursorException.class, () -> codec.decode("", "price:asc:last,id"));
        CursorCodec other = new CursorCodec("another key, also thirty-two bytes long".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidCursorException.class, () -> other.decode(token, "price:asc:last,id"));
    }
}
