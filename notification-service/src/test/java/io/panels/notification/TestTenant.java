package io.panels.notification;

import static io.restassured.RestAssured.given;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** A throw-away tenant with members of each role, their user ids and real Keycloak tokens. */
public final class TestTenant {

    public final Keycloak.TestTenant tenant;
    private final java.util.Map<String, Keycloak.TestUser> members = new java.util.concurrent.ConcurrentHashMap<>();

    private TestTenant(Keycloak.TestTenant tenant) {
        this.tenant = tenant;
    }

    public static TestTenant create() {
        return new TestTenant(Keycloak.createTenant());
    }

    public UUID id() {
        return tenant.id();
    }

    /** The member with {@code role} (made on first use). */
    public Keycloak.TestUser member(String role) {
        return members.computeIfAbsent(role, tenant::member);
    }

    /** Another member with {@code role}, not the shared one. */
    public Keycloak.TestUser newMember(String role) {
        return tenant.member(role);
    }

    public String token(String role) {
        return member(role).token();
    }

    public RequestSpecification as(String role) {
        return with(token(role));
    }

    /** Also usable from a static {@code @BeforeAll}, where REST Assured does not know the test port yet. */
    public static RequestSpecification with(String token) {
        return given().baseUri(ConfigProvider.getConfig().getValue("test.url", String.class))
                .auth().oauth2(token).contentType(ContentType.JSON);
    }
}
