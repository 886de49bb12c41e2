package io.panels.panel.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.ids.Ids;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What makes a column definition valid: names, keys, settings per type, constraints and default
 * values. Fills in the defaults of a type's settings, so what is stored is always complete.
 */
public final class ColumnRules {

    public static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    /** Names data-service's row tables use for their own columns; a column key may not take them. */
    public static final Set<String> RESERVED_KEYS = Set.of("id", "tenant_id", "panel_id", "version", "created_at",
            "updated_at", "created_by", "updated_by", "deleted_at", "row_id", "position");
    public static final List<String> COLOURS =
            List.of("gray", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "brown");
    public static final int MAX_NAME = 200;
    public static final int MAX_OPTIONS = 1000;
    public static final int MAX_FORMULA = 4_000;
    public static final int MAX_TEXT_DEFAULT = 10_000;
    public static final Set<String> DURATION_FORMATS = Set.of("h:mm", "h:mm:ss");

    private static final Pattern OPTION_ID = Pattern.compile("^[A-Za-z0-9_-]{1,40}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()./-]{3,32}$");
    private static final Pattern CURRENCY_CODE = Pattern.compile("^[A-Z]{3}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ColumnRules() {
    }

    /**
     * Checks {@code draft} as a column of a panel whose other columns are {@code others} and makes
     * it a column. {@code previous} is the column it replaces (null for a new one): its id, key and
     * the ids of options kept by name carry over.
     *
     * @param field the JSON path of the draft in the request body, "" for the body itself
     */
    public static Column define(ColumnDraft draft, String field, Collection<Column> others, Column previous,
                                int position, OffsetDateTime now) {
        List<FieldError> errors = new ArrayList<>();
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add(new FieldError(path(field, "name"), "must be 1 to " + MAX_NAME + " characters"));
        } else if (others.stream().anyMatch(other -> other.name().equalsIgnoreCase(name))) {
            errors.add(new FieldError(path(field, "name"), "another column is already called " + name));
        }

        ColumnType type = ColumnType.fromWire(draft.type()).orElse(null);
        if (type == null) {
            errors.add(new FieldError(path(field, "type"), "must be one of " + wireNames()));
        }

        String key = previous != null ? previous.key() : key(draft.key(), name, others, field, errors);
        if (previous != null && draft.key() != null && !draft.key().equals(previous.key())) {
            errors.add(new FieldError(path(field, "key"), "a column's key never changes"));
        }
        if (type == null) {
            throw invalid(errors);
        }

        ColumnSettings settings = settings(type, draft.settings() == null ? ColumnSettings.NONE : draft.settings(),
                previous, path(field, "settings"), errors);
        if (type.computed() && draft.required()) {
            errors.add(new FieldError(path(field, "required"), "a " + type.wireName() + " column is computed and cannot be required"));
        }
        if (draft.unique() && !type.uniqueAllowed()) {
            errors.add(new FieldError(path(field, "unique"), "a " + type.wireName() + " column cannot be unique"));
        }
        JsonNode defaultValue = draft.defaultValue() == null || draft.defaultValue().isNull() ? null : draft.defaultValue();
        if (defaultValue != null) {
            if (type.computed()) {
                errors.add(new FieldError(path(field, "defaultValue"), "a " + type.wireName() + " column is computed and takes no default"));
            } else if (draft.unique()) {
                errors.add(new FieldError(path(field, "defaultValue"), "a unique column cannot have a default: every new row would repeat it"));
            } else {
                String problem = defaultProblem(type, settings, defaultValue);
                if (problem != null) {
                    errors.add(new FieldError(path(field, "defaultValue"), problem));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        UUID id = previous != null ? previous.id() : Ids.newId();
        OffsetDateTime createdAt = previous != null ? previous.createdAt() : now;
        return new Column(id, key, name, type, position, draft.required(), draft.unique(), defaultValue, settings, createdAt, now);
    }

    /** The key derived from a display name: lower-case ASCII words joined by underscores, made unique. */
    public static String keyFromName(String name, Collection<Column> others) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String base = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "c_" + base;
        }
        base = base.replaceAll("_+$", "");
        if (base.length() > 50) {
            base = base.substring(0, 50).replaceAll("_+$", "");
        }
        Set<String> taken = others.stream().map(Column::key).collect(Collectors.toSet());
        String candidate = base;
        for (int n = 2; taken.contains(candidate) || RESERVED_KEYS.contains(candidate); n++) {
            candidate = base + "_" + n;
        }
        return candidate;
    }

    private static String key(String requested, String name, Collection<Column> others, String field, List<FieldError> errors) {
        if (requested == null || requested.isBlank()) {
            return name.isEmpty() ? "" : keyFromName(name, others);
        }
        if (!KEY.matcher(requested).matches()) {
            errors.add(new FieldError(path(field, "key"), "must be a lower-case letter then up to 62 of a-z, 0-9 and _"));
        } else if (RESERVED_KEYS.contains(requested)) {
            errors.add(new FieldError(path(field, "key"), requested + " is reserved"));
        } else if (others.stream().anyMatch(other -> other.key().equals(requested))) {
            errors.add(new FieldError(path(field, "key"), "another column already has the key " + requested));
        }
        return requested;
    }

    private static ColumnSettings settings(ColumnType type, ColumnSettings given, Column previous, String field,
                                           List<FieldError> errors) {
        Integer precision = null;
        String currency = null;
        String timeZone = null;
        String durationFormat = null;
        List<SelectOption> options = null;
        Integer max = null;
        String formula = null;

        if (ColumnType.NUMERIC.contains(type)) {
            precision = given.precision() != null ? given.precision() : (type == ColumnType.CURRENCY ? 2 : 0);
            if (precision < 0 || precision > 10) {
                errors.add(new FieldError(field + ".precision", "must be between 0 and 10"));
            }
        } else {
            notFor(type, given.precision(), field + ".precision", errors);
        }
        if (type == ColumnType.CURRENCY) {
            currency = given.currency();
            if (currency == null || !CURRENCY_CODE.matcher(currency).matches() || !isCurrency(currency)) {
                errors.add(new FieldError(field + ".currency", "must be an ISO 4217 currency code such as EUR"));
            }
        } else {
            notFor(type, given.currency(), field + ".currency", errors);
        }
        if (type == ColumnType.DATETIME) {
            timeZone = given.timeZone() != null ? given.timeZone() : "UTC";
            if (!isZone(timeZone)) {
                errors.add(new FieldError(field + ".timeZone", "must be an IANA time zone such as Europe/Paris"));
            }
        } else {
            notFor(type, given.timeZone(), field + ".timeZone", errors);
        }
        if (type == ColumnType.DURATION) {
            durationFormat = given.durationFormat() != null ? given.durationFormat() : "h:mm";
            if (!DURATION_FORMATS.contains(durationFormat)) {
                errors.add(new FieldError(field + ".durationFormat", "must be h:mm or h:mm:ss"));
            }
        } else {
            notFor(type, given.durationFormat(), field + ".durationFormat", errors);
        }
        if (type.isSelect()) {
            options = options(given.optionsOrEmpty(), previous, field + ".options", errors);
        } else {
            notFor(type, given.options(), field + ".options", errors);
        }
        if (type == ColumnType.RATING) {
            max = given.max() != null ? given.max() : 5;
            if (max < 1 || max > 10) {
                errors.add(new FieldError(field + ".max", "must be between 1 and 10"));
            }
        } else {
            notFor(type, given.max(), field + ".max", errors);
        }
        if (type == ColumnType.FORMULA) {
            formula = given.formula() == null ? "" : given.formula().strip();
            if (formula.isEmpty() || formula.length() > MAX_FORMULA) {
                errors.add(new FieldError(field + ".formula", "must be 1 to " + MAX_FORMULA + " characters"));
            }
        } else {
            notFor(type, given.formula(), field + ".formula", errors);
        }
        return new ColumnSettings(precision, currency, timeZone, durationFormat, options, max, formula, null, null, null);
    }

    private static List<SelectOption> options(List<SelectOption> given, Column previous, String field, List<FieldError> errors) {
        if (given.size() > MAX_OPTIONS) {
            errors.add(new FieldError(field, "at most " + MAX_OPTIONS + " options"));
            return List.of();
        }
        // An option sent back without its id keeps the id of the option of the same name, so its rows keep it.
        Map<String, String> previousIds = previous == null ? Map.of() : previous.settings().optionsOrEmpty().stream()
                .collect(Collectors.toMap(o -> o.name().toLowerCase(Locale.ROOT), SelectOption::id, (a, b) -> a));
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<SelectOption> result = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            SelectOption option = given.get(i);
            String at = field + "[" + i + "]";
            if (option == null) {
                errors.add(new FieldError(at, "must be an option"));
                continue;
            }
            String name = option.name() == null ? "" : option.name().strip();
            if (name.isEmpty() || name.length() > MAX_NAME) {
                errors.add(new FieldError(at + ".name", "must be 1 to " + MAX_NAME + " characters"));
            } else if (!names.add(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(at + ".name", "another option is already called " + name));
            }
            String id = option.id();
            if (id == null || id.isBlank()) {
                id = previousIds.getOrDefault(name.toLowerCase(Locale.ROOT), newOptionId());
            } else if (!OPTION_ID.matcher(id).matches()) {
                errors.add(new FieldError(at + ".id", "must be 1 to 40 of A-Z, a-z, 0-9, _ and -"));
            }
            if (!ids.add(id)) {
                errors.add(new FieldError(at + ".id", "another option has the id " + id));
            }
            String colour = option.colour() == null ? COLOURS.get(i % COLOURS.size()) : option.colour();
            if (!COLOURS.contains(colour)) {
                errors.add(new FieldError(at + ".colour", "must be one of " + String.join(", ", COLOURS)));
            }
            result.add(new SelectOption(id, name, colour));
        }
        return List.copyOf(result);
    }

    /** Why {@code value} cannot be a default of the column, or null when it can. */
    static String defaultProblem(ColumnType type, ColumnSettings settings, JsonNode value) {
        return switch (type) {
            case TEXT, LONG_TEXT -> value.isTextual() && value.asText().length() <= MAX_TEXT_DEFAULT ? null
                    : "must be a text of at most " + MAX_TEXT_DEFAULT + " characters";
            case NUMBER, CURRENCY, PERCENT -> value.isNumber() ? null : "must be a number";
            case DURATION -> value.isNumber() && value.asDouble() >= 0 ? null : "must be a number of seconds, 0 or more";
            case BOOLEAN -> value.isBoolean() ? null : "must be true or false";
            case DATE -> value.isTextual() && parses(value.asText(), LocalDate::parse) ? null : "must be a date like 2026-01-31";
            case DATETIME -> value.isTextual() && parses(value.asText(), OffsetDateTime::parse) ? null
                    : "must be a date and time with offset like 2026-01-31T09:30:00Z";
            case SINGLE_SELECT -> value.isTextual() && optionIds(settings).contains(value.asText()) ? null
                    : "must be the id of one of the options";
            case MULTI_SELECT -> multiSelectDefaultProblem(settings, value);
            case EMAIL -> value.isTextual() && EMAIL.matcher(value.asText()).matches() ? null : "must be an email address";
            case URL -> value.isTextual() && isWebUrl(value.asText()) ? null : "must be an http or https URL";
            case PHONE -> value.isTextual() && PHONE.matcher(value.asText()).matches() ? null : "must be a phone number";
            case RATING -> value.isIntegralNumber() && value.asInt() >= 0 && value.asInt() <= settings.max() ? null
                    : "must be a whole number from 0 to " + settings.max();
            case JSON -> null;
            default -> "a computed column takes no default";
        };
    }

    private static String multiSelectDefaultProblem(ColumnSettings settings, JsonNode value) {
        if (!value.isArray()) {
            return "must be a list of option ids";
        }
        Set<String> ids = optionIds(settings);
        Set<String> seen = new HashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || !ids.contains(item.asText()) || !seen.add(item.asText())) {
                return "must be a list of distinct option ids";
            }
        }
        return null;
    }

    private static Set<String> optionIds(ColumnSettings settings) {
        return settings.optionsOrEmpty().stream().map(SelectOption::id).collect(Collectors.toSet());
    }

    private static void notFor(ColumnType type, Object value, String field, List<FieldError> errors) {
        if (value != null) {
            errors.add(new FieldError(field, "does not apply to a " + type.wireName() + " column"));
        }
    }

    private static boolean parses(String text, Function<String, ?> parser) {
        try {
            parser.apply(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String newOptionId() {
        StringBuilder id = new StringBuilder("opt_");
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 10; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static String wireNames() {
        return Arrays.stream(ColumnType.values()).map(ColumnType::wireName).collect(Collectors.joining(", "));
    }

    static String path(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }

    static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return ProblemException.invalid(detail, errors);
    }
}
