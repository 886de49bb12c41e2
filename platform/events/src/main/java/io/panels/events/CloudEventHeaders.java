package io.panels.events;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding in binary mode: the attributes
 * travel as {@code ce_*} headers, the JSON payload is the record value.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    /** Extension attribute: the tenant the event belongs to. */
    public static final String TENANT_ID = "ce_tenantid";
    public static final String CONTENT_TYPE = "content-type";

    /**
     * Extension attribute: the subject (Keycloak user or service-account id) whose request made the
     * change; absent for changes no caller made (scheduled syncs, consumers).
     */
    public static final String ACTOR = "ce_actor";

    /** Not CloudEvents: the request that caused the event, for following a change across services. */
    public static final String REQUEST_ID = "x-request-id";
    /** W3C trace context, so a consumer's span continues the producer's trace. */
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
