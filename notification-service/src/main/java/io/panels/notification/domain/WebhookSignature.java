package io.panels.notification.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Panels-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}: the receiver
 * recomputes it with the webhook's secret, compares in constant time, and refuses an old {@code t}
 * (replay protection). After a secret rotation, during the overlap, the header carries one
 * {@code v1} per secret (the new one first).
 */
public final class WebhookSignature {

    public static final String HEADER = "Panels-Signature";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret: 32 random bytes, shown to the caller once. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String header(String secret, long unixSeconds, String body) {
        return header(java.util.List.of(secret), unixSeconds, body);
    }

    /**
     * {@code t=<t>,v1=<sig with the first secret>,v1=<sig with the second>...}: during a rotation's
     * overlap the current and the previous secret both sign, and a receiver accepts the delivery
     * when any {@code v1} matches the secret it holds.
     */
    public static String header(java.util.List<String> secrets, long unixSeconds, String body) {
        StringBuilder header = new StringBuilder("t=").append(unixSeconds);
        for (String secret : secrets) {
            header.append(",v1=").append(hmac(secret, unixSeconds + "." + body));
        }
        return header.toString();
    }

    public static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
