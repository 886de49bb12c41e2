package io.panels.query.cursor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a {@link Cursor} into the opaque {@code nextCursor} text of the API and back:
 * {@code base64url(JSON) "." base64url(HMAC-SHA256)}. The JSON is {@code {"v":1,"o":"<order>","k":[...]}};
 * the order signature ties a cursor to the sort it was made for, and the MAC, keyed with the
 * caller's secret, makes a cursor that was altered or forged fail instead of reading from an
 * arbitrary place. Nothing in it is secret: the values are those of a row the caller already saw.
 */
public final class CursorCodec {

    /** Longer cursors are refused before any work: ten sort keys of 1,000 characters fit well below. */
    public static final int MAX_LENGTH = 16_384;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @param secret at least 32 bytes, the same in every replica (a Kubernetes secret) */
    public CursorCodec(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("a cursor key has at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** @param order the signature of the complete sort order ({@code QueryCompiler#orderSignature()}) */
    public String encode(Cursor cursor, String order) {
        ObjectNode json = JSON.createObjectNode();
        json.put("v", VERSION);
        json.put("o", order);
        ArrayNode keys = json.putArray("k");
        cursor.values().forEach(keys::add);
        byte[] payload = json.toString().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(payload) + "." + base64.encodeToString(mac(payload));
    }

    /** @throws InvalidCursorException when the text is not a cursor of this codec for this order */
    public Cursor decode(String text, String order) {
        if (text == null || text.length() > MAX_LENGTH) {
            throw new InvalidCursorException("the cursor is not valid");
        }
        int dot = text.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(text.substring(0, Math.max(dot, 0)));
            signature = Base64.getUrlDecoder().decode(text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("the cursor is not valid");
        }
        if (dot < 0 || !MessageDigest.isEqual(mac(payload), signature)) {
            throw new InvalidCursorException("the cursor is not valid");
        }
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            throw new InvalidCursorException("the cursor is not valid");
        }
        if (json.path("v").asInt() != VERSION || !order.equals(json.path("o").asText(null)) || !json.path("k").isArray()) {
            throw new InvalidCursorException("the cursor belongs to another sort order; start again from the first page");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : json.get("k")) {
            values.add(value.isNull() ? null : value.asText());
        }
        return new Cursor(values);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
