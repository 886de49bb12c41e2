package io.panels.export.domain;

import io.panels.export.config.ExportSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring download URLs that need no bearer token:
 * {@code /api/v1/public/exports/{id}/download?expires=<epoch seconds>&sig=<hex HMAC-SHA256 of "id:expires">}.
 * Whoever holds the URL may download until it expires, the way pre-signed object-store URLs work.
 */
@ApplicationScoped
public class DownloadLinks {

    public enum Check { VALID, FORGED, EXPIRED }

    private final SecretKeySpec key;
    private final ExportSettings settings;

    public DownloadLinks(ExportSettings settings) {
        byte[] secret = settings.downloadSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            throw new IllegalStateException("panels.export.download-secret must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.settings = settings;
    }

    /** A link valid for panels.export.download-validity, never past the file's own expiry. */
    public Link link(UUID exportId, Instant now, Instant fileExpiresAt) {
        Instant expires = now.plus(settings.downloadValidity());
        if (fileExpiresAt != null && fileExpiresAt.isBefore(expires)) {
            expires = fileExpiresAt;
        }
        long epoch = expires.getEpochSecond();
        String url = settings.publicBaseUrl().orElse("") + "/api/v1/public/exports/" + exportId + "/download?expires=" + epoch
                + "&sig=" + signature(exportId, epoch);
        return new Link(url, Instant.ofEpochSecond(epoch));
    }

    public record Link(String url, Instant expiresAt) {
    }

    public Check check(UUID exportId, Long expires, String signature, Instant now) {
        if (expires == null || signature == null
                || !MessageDigest.isEqual(signature(exportId, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Check.FORGED;
        }
        return now.getEpochSecond() > expires ? Check.EXPIRED : Check.VALID;
    }

    private String signature(UUID exportId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((exportId + ":" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
