package io.panels.auth.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Invitation tokens: the tenant id (so the public acceptance call can bind the tenant's row-level
 * security) and 32 random bytes, base64url. Only the SHA-256 of a token is stored.
 */
public final class InvitationTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    private InvitationTokens() {
    }

    public static String issue(UUID tenantId) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        ByteBuffer token = ByteBuffer.allocate(16 + SECRET_BYTES);
        token.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits()).put(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    public static Optional<UUID> tenantOf(String token) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length != 16 + SECRET_BYTES) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
