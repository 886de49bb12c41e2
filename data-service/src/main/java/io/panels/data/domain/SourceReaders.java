package io.panels.data.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.outbound.OutboundAddressPolicy;
import io.panels.common.outbound.OutboundAddressPolicy.RefusedTarget;
import io.panels.data.config.DataSettings;
import io.panels.data.domain.SourceDefinition.Config;
import io.panels.data.domain.SourceDefinition.Credentials;
import io.panels.data.domain.SourceDefinition.Pagination;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the records of a data source, one at a time, into a sink: JSON pages over HTTP, a CSV
 * file over HTTP (streamed, never whole in memory), or the rows of a query on PostgreSQL or
 * MariaDB (read-only transaction, statement time-out, streamed with a fetch size). Every outbound
 * address is checked by the {@link OutboundAddressPolicy} after DNS resolution; redirects are
 * followed by hand, each one checked; responses are size-limited; every wait is bounded by the
 * run's {@link Deadline}. Blocking: worker threads only.
 */
@ApplicationScoped
public class SourceReaders {

    /** Receives records in source order; false stops the reading (a preview has enough). */
    @FunctionalInterface
    public interface RecordSink {
        boolean accept(JsonNode record) throws SyncFailure;
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*?rel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_REDIRECTS = 5;
    private static final int FETCH_SIZE = 1000;

    private final DataSettings.Sync settings;
    private final OutboundAddressPolicy policy;
    private final ObjectMapper json;
    private final HttpClient http;

    @jakarta.inject.Inject
    public SourceReaders(DataSettings settings, ObjectMapper json) {
        this(settings, json, OutboundAddressPolicy.of(settings.sync().allowPlainHttp(), settings.sync().allowedNetworks().orElse(List.of())));
    }

    /** With another address policy (a test proving what the configured allow-list lets through). */
    public SourceReaders(DataSettings settings, ObjectMapper json, OutboundAddressPolicy policy) {
        this.settings = settings.sync();
        this.policy = policy;
        this.json = json;
        // Redirects are never followed by the client: each Location is checked like a new URL first.
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.settings.requestTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    public OutboundAddressPolicy policy() {
        return policy;
    }

    /** Reads every record (or until the sink says stop). */
    public void read(DataSource source, Credentials credentials, Deadline deadline, RecordSink sink) throws SyncFailure {
        try {
            switch (source.kind()) {
                case HTTP_JSON -> readJson(source.config(), credentials, deadline, sink);
                case CSV_URL -> readCsv(source.config(), credentials, deadline, sink);
                case POSTGRESQL, MARIADB -> readQuery(source, credentials, deadline, sink);
            }
        } catch (RefusedTarget refused) {
            throw SyncFailure.permanent("The source's address is refused: " + refused.getMessage() + ".");
        }
    }

    // ---- HTTP JSON ---------------------------------------------------------------------------

    private void readJson(Config config, Credentials credentials, Deadline deadline, RecordSink sink) throws SyncFailure {
        JsonPath records = JsonPath.parse(config.recordsPath() == null ? "$" : config.recordsPath());
        Pagination pagination = config.pagination() == null ? new Pagination("none", null, null, null, null, null) : config.pagination();
        String type = pagination.typeOrNone();
        long page = pagination.start() == null ? 1 : pagination.start();
        long offset = 0;
        String cursor = null;
        String next = config.url();
        Set<String> seenCursors = new HashSet<>();
        for (int pages = 0; next != null; pages++) {
            deadline.check();
            if (pages >= settings.maxPages()) {
                throw SyncFailure.permanent("The source has more than " + settings.maxPages() + " pages (the limit); nothing was written.");
            }
            String url = switch (type) {
                case "page" -> withParams(config.url(), param(pagination, "page"), String.valueOf(page), pagination);
                case "offset" -> withParams(config.url(), param(pagination, "offset"), String.valueOf(offset), pagination);
                case "cursor" -> cursor == null ? withParams(config.url(), null, null, pagination)
                        : withParams(config.url(), param(pagination, "cursor"), cursor, pagination);
                case "link" -> next;
                default -> withParams(config.url(), null, null, pagination);
            };
            Fetched fetched = fetch(url, config, credentials, deadline, "application/json");
            JsonNode body;
            try (InputStream in = fetched.body()) {
                deadline.blockingOn(in::close);
                body = json.readTree(in);
            } catch (JsonProcessingException e) {
                throw SyncFailure.permanent("The response of page " + (pages + 1) + " is not valid JSON (at line "
                        + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "); the panel keeps its data.");
            } catch (ResponseTooLarge e) {
                throw SyncFailure.permanent(e.getMessage());
            } catch (IOException e) {
                deadline.check();
                throw SyncFailure.transientFailure("Reading the response of page " + (pages + 1) + " failed: " + safe(e) + ".");
            } finally {
                deadline.done();
            }
            if (body == null || body.isMissingNode()) {
                throw SyncFailure.permanent("The response of page " + (pages + 1) + " is empty; the panel keeps its data.");
            }
            List<JsonNode> found = records.records(body);
            if (found.isEmpty() && records.select(body).isEmpty() && pages == 0) {
                throw SyncFailure.permanent("The response has nothing at the records path " + records + "; the panel keeps its data.");
            }
            for (JsonNode record : found) {
                if (!sink.accept(record)) {
                    return;
                }
            }
            boolean shortPage = pagination.size() != null && found.size() < pagination.size();
            switch (type) {
                case "page" -> {
                    page++;
                    next = found.isEmpty() || shortPage ? null : url;
                }
                case "offset" -> {
                    offset += found.size();
                    next = found.isEmpty() || shortPage ? null : url;
                }
                case "cursor" -> {
                    JsonNode value = JsonPath.parse(pagination.cursorPath()).first(body);
                    cursor = value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
                    if (cursor != null && !seenCursors.add(cursor)) {
                        throw SyncFailure.permanent("The source returned the cursor of an earlier page again; the panel keeps its data.");
                    }
                    next = cursor == null || found.isEmpty() ? null : url;
                }
                case "link" -> next = nextLink(fetched.uri(), fetched.link());
                default -> next = null;
            }
        }
    }

    private static String param(Pagination pagination, String fallback) {
        return pagination.param() == null || pagination.param().isBlank() ? fallback : pagination.param();
    }

    private static String withParams(String url, String name, String value, Pagination pagination) {
        StringBuilder result = new StringBuilder(url);
        String separator = url.contains("?") ? "&" : "?";
        if (pagination.sizeParam() != null && pagination.size() != null) {
            result.append(separator).append(encode(pagination.sizeParam())).append('=').append(pagination.size());
            separator = "&";
        }
        if (name != null) {
            result.append(separator).append(encode(name)).append('=').append(encode(value));
        }
        return result.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String nextLink(URI base, String link) {
        if (link == null) {
            return null;
        }
        Matcher matcher = NEXT_LINK.matcher(link);
        if (!matcher.find()) {
            return null;
        }
        try {
            return base.resolve(matcher.group(1).trim()).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- CSV over HTTP ---------------------------------------------------------------------------

    private void readCsv(Config config, Credentials credentials, Deadline deadline, RecordSink sink) throws SyncFailure {
        Fetched fetched = fetch(config.url(), config, credentials, deadline, "text/csv, text/plain;q=0.9, */*;q=0.1");
        String delimiter = config.delimiter() == null ? "," : config.delimiter();
        char separator = delimiter.equals("tab") ? '\t' : delimiter.charAt(0);
        boolean header = config.header() == null || config.header();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = fetched.body(); Reader reader = new java.io.BufferedReader(new InputStreamReader(in, decoder), 64 * 1024)) {
            deadline.blockingOn(in::close);
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            CsvRecords csv = new CsvRecords(reader, separator);
            List<String> names = header ? csv.next() : null;
            if (header && names == null) {
                throw SyncFailure.permanent("The CSV file is empty; the panel keeps its data.");
            }
            List<String> fields;
            while ((fields = csv.next()) != null) {
                if (fields.size() == 1 && fields.getFirst().isEmpty()) {
                    continue;
                }
                ObjectNode record = JSON.objectNode();
                int width = names == null ? fields.size() : names.size();
                for (int i = 0; i < width; i++) {
                    String name = names == null ? String.valueOf(i + 1) : names.get(i);
                    record.set(name, i < fields.size() ? JSON.textNode(fields.get(i)) : NullNode.getInstance());
                }
                if (!sink.accept(record)) {
                    return;
                }
            }
        } catch (CsvRecords.MalformedCsvException e) {
            throw SyncFailure.permanent("CSV line " + e.line() + ": " + e.getMessage() + "; the panel keeps its data.");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw SyncFailure.permanent("The CSV file is not UTF-8 text; the panel keeps its data.");
        } catch (ResponseTooLarge e) {
            throw SyncFailure.permanent(e.getMessage());
        } catch (IOException e) {
            deadline.check();
            throw SyncFailure.transientFailure("Reading the CSV file failed: " + safe(e) + ".");
        } finally {
            deadline.done();
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private record Fetched(URI uri, InputStream body, String link) {
    }

    /** One GET (or the configured POST), redirects checked and followed by hand, the body size-limited. */
    private Fetched fetch(String url, Config config, Credentials credentials, Deadline deadline, String accept) throws SyncFailure {
        OutboundAddressPolicy.Target target = policy.resolve(url);
        boolean post = "POST".equals(config.method()) && accept.startsWith("application/json");
        for (int redirects = 0; ; redirects++) {
            deadline.check();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                    .timeout(deadline.bounded(settings.requestTimeout()))
                    .header("Accept", accept)
                    .header("User-Agent", "Panels-DataSync/1");
            if (config.headers() != null) {
                config.headers().forEach(request::header);
            }
            // Credentials go to the source's own host only, never to where it redirects.
            if (redirects == 0) {
                authorize(request, config, credentials);
            }
            if (post && redirects == 0) {
                String body = config.body() == null ? "{}" : config.body().toString();
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.GET();
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                deadline.check();
                throw SyncFailure.transientFailure("The source did not answer within " + deadline.bounded(settings.requestTimeout()).toSeconds()
                        + " s (" + target.host() + ").");
            } catch (IOException e) {
                deadline.check();
                throw SyncFailure.transientFailure("The source could not be reached (" + target.host() + ":" + target.port() + "): " + safe(e) + ".");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SyncFailure.permanent("The run was stopped.");
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                closeQuietly(response.body());
                if (redirects >= MAX_REDIRECTS) {
                    throw SyncFailure.permanent("The source redirected more than " + MAX_REDIRECTS + " times.");
                }
                target = policy.redirect(target.uri(), response.headers().firstValue("Location").orElse(null));
                continue;
            }
            if (status == 401 || status == 403) {
                closeQuietly(response.body());
                throw SyncFailure.permanent("The source refused the credentials (HTTP " + status + "); check the source's authentication.");
            }
            if (status == 429 || status >= 500) {
                closeQuietly(response.body());
                throw SyncFailure.transientFailure("The source answered HTTP " + status + ".");
            }
            if (status != 200) {
                closeQuietly(response.body());
                throw SyncFailure.permanent("The source answered HTTP " + status + ".");
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long max = settings.maxResponseSize().asLongValue();
            if (declared > max) {
                closeQuietly(response.body());
                throw SyncFailure.permanent(tooLarge(max));
            }
            return new Fetched(target.uri(), new LimitedStream(response.body(), max),
                    response.headers().firstValue("Link").orElse(null));
        }
    }

    private static void authorize(HttpRequest.Builder request, Config config, Credentials credentials) throws SyncFailure {
        Credentials secrets = credentials == null ? Credentials.NONE : credentials;
        switch (config.authOrNone()) {
            case "basic" -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (config.username() + ":" + nullToEmpty(secrets.password())).getBytes(StandardCharsets.UTF_8)));
            case "bearer" -> {
                if (secrets.token() == null) {
                    throw SyncFailure.permanent("The source uses bearer authentication but no token is set.");
                }
                request.header("Authorization", "Bearer " + secrets.token());
            }
            case "api_key" -> {
                if (secrets.apiKey() == null) {
                    throw SyncFailure.permanent("The source uses an API key but none is set.");
                }
                request.header(config.apiKeyHeader(), secrets.apiKey());
            }
            default -> {
            }
        }
    }

    private static String tooLarge(long max) {
        return "The source's response is larger than " + (max / (1024 * 1024)) + " MiB (the limit); the panel keeps its data.";
    }

    /** Thrown by the size-limited stream; an IOException so that parsers pass it through. */
    static final class ResponseTooLarge extends IOException {
        ResponseTooLarge(String message) {
            super(message, null);
        }
    }

    private static final class LimitedStream extends FilterInputStream {

        private final long max;
        private long read;

        LimitedStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new ResponseTooLarge(tooLarge(max));
            }
        }
    }

    // ---- Databases ------------------------------------------------------------------------------

    private void readQuery(DataSource source, Credentials credentials, Deadline deadline, RecordSink sink) throws SyncFailure {
        Config config = source.config();
        boolean postgres = source.kind() == SourceDefinition.Kind.POSTGRESQL;
        int port = config.port() != null ? config.port() : postgres ? 5432 : 3306;
        OutboundAddressPolicy.HostTarget target = policy.resolveHost(config.host(), port);
        // The checked address, not the name again: a DNS answer cannot change between check and connect.
        String address = target.address() instanceof Inet6Address ? "[" + target.address().getHostAddress() + "]"
                : target.address().getHostAddress();
        long timeoutMs = Math.max(1, deadline.bounded(settings.runTimeout()).toMillis());
        int connectSeconds = (int) Math.max(1, deadline.bounded(settings.requestTimeout()).toSeconds());
        Properties properties = new Properties();
        properties.setProperty("user", config.username());
        properties.setProperty("password", credentials == null || credentials.password() == null ? "" : credentials.password());
        String url;
        Driver driver;
        if (postgres) {
            url = "jdbc:postgresql://" + address + ":" + port + "/" + config.database();
            properties.setProperty("connectTimeout", String.valueOf(connectSeconds));
            properties.setProperty("socketTimeout", String.valueOf(Math.max(1, timeoutMs / 1000 + 5)));
            properties.setProperty("readOnly", "true");
            properties.setProperty("ApplicationName", "panels-data-sync");
            properties.setProperty("options", "-c default_transaction_read_only=on -c statement_timeout=" + timeoutMs);
            driver = new org.postgresql.Driver();
        } else {
            url = "jdbc:mariadb://" + address + ":" + port + "/" + config.database();
            properties.setProperty("connectTimeout", String.valueOf(connectSeconds * 1000));
            properties.setProperty("socketTimeout", String.valueOf(timeoutMs + 5000));
            driver = new org.mariadb.jdbc.Driver();
        }
        deadline.check();
        try (Connection connection = driver.connect(url, properties)) {
            if (connection == null) {
                throw SyncFailure.permanent("No driver for the database.");
            }
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                if (!postgres) {
                    statement.execute("SET SESSION max_statement_time = " + Math.max(0.001, timeoutMs / 1000.0));
                    statement.execute("SET SESSION TRANSACTION READ ONLY");
                }
                statement.setFetchSize(FETCH_SIZE);
                statement.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
                deadline.blockingOn(statement::cancel);
                try (ResultSet rows = statement.executeQuery(config.query())) {
                    ResultSetMetaData meta = rows.getMetaData();
                    int count = meta.getColumnCount();
                    List<String> names = new ArrayList<>(count);
                    for (int i = 1; i <= count; i++) {
                        names.add(meta.getColumnLabel(i));
                    }
                    while (rows.next()) {
                        ObjectNode record = JSON.objectNode();
                        for (int i = 1; i <= count; i++) {
                            record.set(names.get(i - 1), value(rows, i, meta.getColumnType(i)));
                        }
                        if (!sink.accept(record)) {
                            break;
                        }
                    }
                } finally {
                    deadline.done();
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            deadline.check();
            throw databaseFailure(e);
        }
    }

    private static JsonNode value(ResultSet rows, int i, int type) throws SQLException {
        Object value = switch (type) {
            case Types.TIMESTAMP -> rows.getObject(i, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> rows.getObject(i, OffsetDateTime.class);
            default -> rows.getObject(i);
        };
        return switch (value) {
            case null -> NullNode.getInstance();
            case Boolean bool -> JSON.booleanNode(bool);
            case BigDecimal number -> JSON.numberNode(number);
            case Integer number -> JSON.numberNode(number);
            case Long number -> JSON.numberNode(number);
            case Short number -> JSON.numberNode(number);
            case Byte number -> JSON.numberNode(number);
            case Double number -> number.isNaN() || number.isInfinite() ? JSON.textNode(number.toString()) : JSON.numberNode(BigDecimal.valueOf(number));
            case Float number -> number.isNaN() || number.isInfinite() ? JSON.textNode(number.toString()) : JSON.numberNode(new BigDecimal(number.toString()));
            case java.math.BigInteger number -> JSON.numberNode(new BigDecimal(number));
            case java.sql.Date date -> JSON.textNode(date.toLocalDate().toString());
            case java.sql.Timestamp timestamp -> JSON.textNode(timestamp.toLocalDateTime().toString());
            case java.sql.Array array -> {
                var items = JSON.arrayNode();
                for (Object item : (Object[]) array.getArray()) {
                    items.add(item == null ? null : item.toString());
                }
                yield items;
            }
            case byte[] ignored -> NullNode.getInstance();
            default -> JSON.textNode(value.toString());
        };
    }

    private static SyncFailure databaseFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // 28xxx: authentication; 08xxx: connection; 57014 / 70100: cancelled by a time-out.
        if (state.startsWith("28") || e.getErrorCode() == 1045) {
            return SyncFailure.permanent("The database refused the credentials (" + state + ").");
        }
        if (state.startsWith("08") || e instanceof SQLTransientException || e.getCause() instanceof IOException) {
            return SyncFailure.transientFailure("The database could not be reached: " + firstLine(e.getMessage()) + ".");
        }
        if (state.equals("57014") || state.equals("70100") || e.getErrorCode() == 1969) {
            return SyncFailure.transientFailure("The query took longer than its time limit.");
        }
        if (state.equals("25006") || e.getErrorCode() == 1792) {
            return SyncFailure.permanent("The query tried to write; data sources only read (" + state + ").");
        }
        return SyncFailure.permanent("The query failed (" + state + "): " + firstLine(e.getMessage()) + ".");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static String safe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + firstLine(message).toLowerCase(Locale.ROOT));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // The body is not needed.
        }
    }
}
