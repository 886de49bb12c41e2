package io.panels.common.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (credentials of data sources, webhook signing secrets) with AES-256-GCM.
 *
 * <p>A sealed value is text, {@code v1.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>}: the key id is
 * the first 8 hex digits of SHA-256 of the key, so a value names the key that sealed it and a
 * rotation needs no bookkeeping. {@link #seal} always uses the current key; {@link #open} accepts
 * the current key and every previous key ({@code panels.secrets.previous-keys}), and
 * {@link #sealedWithCurrentKey} tells a caller which values to re-seal after a rotation.
 *
 * <p>The optional {@code context} (for example {@code "datasource:<id>"}) is authenticated but not
 * stored: a value copied to another row does not open there. Nothing here logs, and no exception
 * message contains a plaintext or a key.
 */
public final class SecretCipher {

    private static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;

    private SecretCipher(byte[] current, List<byte[]> previous) {
        Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
        this.currentKeyId = keyId(current);
        byId.put(currentKeyId, new SecretKeySpec(current, "AES"));
        for (byte[] key : previous) {
            byId.putIfAbsent(keyId(key), new SecretKeySpec(key, "AES"));
        }
        this.keys = Map.copyOf(byId);
    }

    /**
     * @param currentKey    base64 (standard or URL-safe) of exactly 32 random bytes
     * @param previousKeys  keys that sealed values still stored (rotation); may be empty
     * @throws IllegalArgumentException naming which setting is malformed, never its value
     */
    public static SecretCipher of(String currentKey, List<String> previousKeys) {
        byte[] current = decodeKey(currentKey, "panels.secrets.key");
        List<byte[]> previous = new ArrayList<>();
        for (String key : previousKeys == null ? List.<String>of() : previousKeys) {
            if (key != null && !key.isBlank()) {
                previous.add(decodeKey(key, "panels.secrets.previous-keys"));
            }
        }
        return new SecretCipher(current, previous);
    }

    /** A fresh random key in the configuration format (for `dev/`, tests and operators). */
    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The id of the key that {@link #seal} uses. */
    public String currentKeyId() {
        return currentKeyId;
    }

    public String seal(String plaintext) {
        return seal(plaintext, "");
    }

    /** Encrypts with the current key and a random 96-bit IV; {@code context} must be given again to open. */
    public String seal(String plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(currentKeyId, context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] body = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return VERSION + "." + currentKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String open(String sealed) {
        return open(sealed, "");
    }

    /**
     * Decrypts a value sealed with the current or a previous key.
     *
     * @throws SecretUnreadable when the value is malformed, its key is unknown, it was altered, or
     *                          the context differs
     */
    public String open(String sealed, String context) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new SecretUnreadable("not a sealed secret of format " + VERSION);
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new SecretUnreadable("sealed with key " + parts[1] + ", which is not configured");
        }
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadable("not a sealed secret of format " + VERSION);
        }
        if (body.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadable("sealed secret too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, body, 0, IV_BYTES));
            cipher.updateAAD(aad(parts[1], context));
            byte[] plain = cipher.doFinal(body, IV_BYTES, body.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SecretUnreadable("sealed secret altered or opened in another context");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Whether a value is sealed with the current key (false: re-seal it after a rotation). */
    public boolean sealedWithCurrentKey(String sealed) {
        return sealed != null && sealed.startsWith(VERSION + "." + currentKeyId + ".");
    }

    /** Opens with whichever key sealed it and seals again with the current key. */
    public String reseal(String sealed, String context) {
        return sealedWithCurrentKey(sealed) ? sealed : seal(open(sealed, context), context);
    }

    private static byte[] aad(String keyId, String context) {
        return (VERSION + "." + keyId + "|" + (context == null ? "" : context)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decodeKey(String text, String setting) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(setting + " is not set (base64 of 32 random bytes)");
        }
        byte[] key;
        String trimmed = text.trim();
        try {
            key = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(setting + " must be base64 of exactly 32 bytes, not " + key.length);
        }
        return key;
    }

    private static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A sealed value that cannot be opened; the message names no secret. */
    public static final class SecretUnreadable extends RuntimeException {
        public SecretUnreadable(String message) {
            super(message, null, false, false);
        }
    }
}
