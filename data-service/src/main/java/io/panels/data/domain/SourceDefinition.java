package io.panels.data.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.panels.common.problem.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a data source reads and how its records become rows: the parts that are not secret
 * ({@link Config}, stored as JSON and returned by the API), the secret parts
 * ({@link Credentials}, sealed at rest, never returned) and the mapping.
 */
public final class SourceDefinition {

    private SourceDefinition() {
    }

    public enum Kind {
        HTTP_JSON, CSV_URL, POSTGRESQL, MARIADB;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }

        public boolean http() {
            return this == HTTP_JSON || this == CSV_URL;
        }
    }

    public enum Mode {
        REPLACE, UPSERT, APPEND;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mode of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * How the pages of an HTTP source follow each other.
     *
     * @param type       {@code none}, {@code page} (a page number), {@code offset} (records skipped),
     *                   {@code cursor} (a value of the response sent back), {@code link} (the
     *                   {@code Link: <...>; rel="next"} header)
     * @param param      the query parameter carrying the page number, offset or cursor
     *                   (defaults {@code page}, {@code offset}, {@code cursor})
     * @param sizeParam  the query parameter carrying the page size, if any
     * @param size       the page size sent; with it, a shorter page is the last one
     * @param start      the first page number (default 1)
     * @param cursorPath JSONPath of the next cursor in a response (cursor); absent, null or "" ends
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pagination(String type, String param, String sizeParam, Integer size, Integer start, String cursorPath) {

        public String typeOrNone() {
            return type == null ? "none" : type;
        }
    }

    /**
     * The non-secret settings; which ones apply depends on the kind.
     *
     * @param url          http_json, csv_url
     * @param method       http_json: GET (default) or POST
     * @param headers      http_json, csv_url: extra request headers (not secret: use credentials)
     * @param body         http_json with POST: the JSON body sent
     * @param auth         http_json, csv_url: none (default), basic, bearer, api_key
     * @param username     basic auth; postgresql, mariadb: the database user
     * @param apiKeyHeader api_key: the header carrying credentials.apiKey
     * @param recordsPath  http_json: JSONPath of the records in each response (default {@code $})
     * @param pagination   http_json
     * @param delimiter    csv_url: one character or {@code tab} (default ,)
     * @param header       csv_url: whether the first line names the fields (default true)
     * @param host         postgresql, mariadb
     * @param port         postgresql (5432), mariadb (3306)
     * @param database     postgresql, mariadb
     * @param query        postgresql, mariadb: one SELECT, run in a read-only transaction
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(String url, String method, Map<String, String> headers, com.fasterxml.jackson.databind.JsonNode body,
                         String auth, String username, String apiKeyHeader, String recordsPath, Pagination pagination,
                         String delimiter, Boolean header, String host, Integer port, String database, String query) {

        public String authOrNone() {
            return auth == null ? "none" : auth;
        }
    }

    /** Write-only secrets: {@code password} (basic auth, databases), {@code token} (bearer), {@code apiKey}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Credentials(String password, String token, String apiKey) {

        public static final Credentials NONE = new Credentials(null, null, null);

        /** The names of the credentials that are set (what the API shows instead of the values). */
        public List<String> names() {
            java.util.List<String> names = new java.util.ArrayList<>();
            if (password != null) {
                names.add("password");
            }
            if (token != null) {
                names.add("token");
            }
            if (apiKey != null) {
                names.add("apiKey");
            }
            return names;
        }
    }

    /**
     * One field of the source's records to one panel column.
     *
     * @param source a JSONPath into the record ({@code $.price.amount}) or, for CSV and databases, a
     *               header or result column name; a plain name also works for JSON (a top-level member)
     * @param column the panel column's key
     */
    @RegisterForReflection
    public record FieldMapping(String source, String column) {
    }

    private static final java.util.Set<String> PAGINATION = java.util.Set.of("none", "page", "offset", "cursor", "link");
    private static final java.util.Set<String> AUTH = java.util.Set.of("none", "basic", "bearer", "api_key");
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    private static final java.util.Set<String> RESERVED_HEADERS = java.util.Set.of("host", "content-length", "connection",
            "transfer-encoding", "authorization", "upgrade", "expect");

    /** Checks the settings of a kind; problems go to {@code errors} with their paths. */
    public static void check(Kind kind, Config config, Credentials credentials, List<FieldError> errors) {
        if (config == null) {
            errors.add(new FieldError("config", "is required"));
            return;
        }
        if (kind.http()) {
            if (config.url() == null || config.url().isBlank()) {
                errors.add(new FieldError("config.url", "is required"));
            } else if (config.url().length() > 2000) {
                errors.add(new FieldError("config.url", "must be at most 2000 characters"));
            }
            String auth = config.authOrNone();
            if (!AUTH.contains(auth)) {
                errors.add(new FieldError("config.auth", "must be one of none, basic, bearer, api_key"));
            }
            if (auth.equals("basic") && (config.username() == null || config.username().isEmpty())) {
                errors.add(new FieldError("config.username", "is required for basic auth"));
            }
            if (auth.equals("api_key") && (config.apiKeyHeader() == null || !HEADER_NAME.matcher(config.apiKeyHeader()).matches())) {
                errors.add(new FieldError("config.apiKeyHeader", "must be a header name for api_key auth"));
            }
            if (config.headers() != null) {
                if (config.headers().size() > 20) {
                    errors.add(new FieldError("config.headers", "at most 20 headers"));
                }
                config.headers().forEach((name, value) -> {
                    if (name == null || !HEADER_NAME.matcher(name).matches() || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                        errors.add(new FieldError("config.headers." + name, "is not a header that may be set (use auth for credentials)"));
                    } else if (value == null || value.length() > 1000 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                        errors.add(new FieldError("config.headers." + name, "must be at most 1000 characters without control characters"));
                    }
                });
            }
        }
        switch (kind) {
            case HTTP_JSON -> {
                String method = config.method() == null ? "GET" : config.method();
                if (!method.equals("GET") && !method.equals("POST")) {
                    errors.add(new FieldError("config.method", "must be GET or POST"));
                }
                checkPath(config.recordsPath() == null ? "$" : config.recordsPath(), "config.recordsPath", errors);
                Pagination pagination = config.pagination();
                if (pagination != null) {
                    if (!PAGINATION.contains(pagination.typeOrNone())) {
                        errors.add(new FieldError("config.pagination.type", "must be one of none, page, offset, cursor, link"));
                    }
                    if (pagination.size() != null && (pagination.size() < 1 || pagination.size() > 100_000)) {
                        errors.add(new FieldError("config.pagination.size", "must be 1-100000"));
                    }
                    if ("cursor".equals(pagination.type())) {
                        if (pagination.cursorPath() == null) {
                            errors.add(new FieldError("config.pagination.cursorPath", "is required for cursor pagination"));
                        } else {
                            checkPath(pagination.cursorPath(), "config.pagination.cursorPath", errors);
                        }
                    }
                    if ("offset".equals(pagination.type()) && pagination.size() == null) {
                        errors.add(new FieldError("config.pagination.size", "is required for offset pagination"));
                    }
                }
            }
            case CSV_URL -> {
                String delimiter = config.delimiter() == null ? "," : config.delimiter();
                if (!delimiter.equals("tab") && delimiter.length() != 1) {
                    errors.add(new FieldError("config.delimiter", "must be one character or tab"));
                }
            }
            case POSTGRESQL, MARIADB -> {
                if (config.host() == null || config.host().isBlank() || config.host().length() > 255) {
                    errors.add(new FieldError("config.host", "is required"));
                }
                if (config.port() != null && (config.port() < 1 || config.port() > 65535)) {
                    errors.add(new FieldError("config.port", "must be 1-65535"));
                }
                if (config.database() == null || !config.database().matches("[A-Za-z0-9_$-]{1,64}")) {
                    errors.add(new FieldError("config.database", "is required: letters, digits, _ $ -"));
                }
                if (config.username() == null || config.username().isBlank()) {
                    errors.add(new FieldError("config.username", "is required"));
                }
                String query = config.query() == null ? "" : config.query().strip();
                if (!query.regionMatches(true, 0, "select", 0, 6) && !query.regionMatches(true, 0, "with", 0, 4)) {
                    errors.add(new FieldError("config.query", "must be one SELECT (or WITH ... SELECT) statement"));
                } else if (query.length() > 20_000) {
                    errors.add(new FieldError("config.query", "must be at most 20000 characters"));
                }
            }
        }
        if (credentials != null) {
            for (String value : new String[] {credentials.password(), credentials.token(), credentials.apiKey()}) {
                if (value != null && (value.length() > 4000 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
                    errors.add(new FieldError("credentials", "values must be at most 4000 characters without control characters"));
                    break;
                }
            }
        }
    }

    static void checkPath(String path, String field, List<FieldError> errors) {
        try {
            JsonPath.parse(path);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "is not a supported JSONPath: " + e.getMessage()));
        }
    }
}
