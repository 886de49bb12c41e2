package io.panels.common.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private final String keyA = SecretCipher.generateKey();
    private final String keyB = SecretCipher.generateKey();

    @Test
    void sealsAndOpensWithoutShowingThePlaintext() {
        SecretCipher cipher = SecretCipher.of(keyA, List.of());
        String sealed = cipher.seal("s3cr3t-password", "datasource:1");
        assertFalse(sealed.contains("s3cr3t"));
        assertTrue(sealed.startsWith("v1." + cipher.currentKeyId() + "."), sealed);
        assertEquals("s3cr3t-password", cipher.open(sealed, "datasource:1"));
        assertNotEquals(sealed, cipher.seal("s3cr3t-password", "datasource:1"), "a fresh IV every time");
        assertEquals("", cipher.open(cipher.seal(""), ""));
        assertEquals("ünïcødé ✓", cipher.open(cipher.seal("ünïcødé ✓")));
    }

    @Test
    void anotherContextOrAnAlteredValueDoesNotOpen() {
        SecretCipher cipher = SecretCipher.of(keyA, List.of());
        String sealed = cipher.seal("token", "datasource:1");
        assertThrows(SecretCipher.SecretUnreadable.class, () -> cipher.open(sealed, "datasource:2"));
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThrows(SecretCipher.SecretUnreadable.class, () -> cipher.open(altered, "datasource:1"));
        assertThrows(SecretCipher.SecretUnreadable.class, () -> cipher.open("plain text", ""));
        assertThrows(SecretCipher.SecretUnreadable.class, () -> cipher.open("v1.abcd.%%%", ""));
        assertThrows(SecretCipher.SecretUnreadable.class, () -> cipher.open(null, ""));
    }

    @Test
    void rotationOpensWithAPreviousKeyAndSealsWithTheCurrentOne() {
        SecretCipher before = SecretCipher.of(keyA, List.of());
        String old = before.seal("api-key", "ctx");

        SecretCipher after = SecretCipher.of(keyB, List.of(keyA));
        assertEquals("api-key", after.open(old, "ctx"));
        assertFalse(after.sealedWithCurrentKey(old));
        String resealed = after.reseal(old, "ctx");
        assertTrue(after.sealedWithCurrentKey(resealed));
        assertEquals("api-key", SecretCipher.of(keyB, List.of()).open(resealed, "ctx"));

        SecretCipher.SecretUnreadable unknown = assertThrows(SecretCipher.SecretUnreadable.class,
                () -> SecretCipher.of(keyB, List.of()).open(old, "ctx"));
        assertTrue(unknown.getMessage().contains(before.currentKeyId()), "names the missing key id");
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SecretCipher.of(null, List.of()));
        assertTrue(missing.getMessage().contains("panels.secrets.key"));
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> SecretCipher.of(shortKey, List.of()));
        assertFalse(tooShort.getMessage().contains(shortKey));
        assertThrows(IllegalArgumentException.class, () -> SecretCipher.of("not base64 !!", List.of()));
        assertThrows(IllegalArgumentException.class, () -> SecretCipher.of(keyA, List.of("bad!")));
        String urlSafe = keyA.replace('+', '-').replace('/', '_');
        assertEquals(SecretCipher.of(keyA, List.of()).currentKeyId(), SecretCipher.of(urlSafe, List.of()).currentKeyId());
    }
}
