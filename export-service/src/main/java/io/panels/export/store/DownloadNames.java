package io.panels.export.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The Content-Disposition of a download: an ASCII fallback name and the UTF-8 name (RFC 6266). */
public final class DownloadNames {

    private DownloadNames() {
    }

    public static String contentDisposition(String name) {
        return "attachment; filename=\"" + name.replace("\"", "").replaceAll("[^\\x20-\\x7E]", "_") + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
