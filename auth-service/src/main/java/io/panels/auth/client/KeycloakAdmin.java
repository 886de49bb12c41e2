package io.panels.auth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.panels.auth.config.AuthSettings;
import io.panels.common.tenant.Role;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Keycloak as auth-service uses it: organizations (tenants), users and their {@code tenant_roles}
 * attribute, and the service-account clients of integrations. Every operation is safe to repeat:
 * "already there" and "already gone" count as success, so a retried provisioning step converges.
 */
@ApplicationScoped
public class KeycloakAdmin {

    public static final String TENANT_ROLES = "tenant_roles";
    /** Organization attribute naming the tenant creation that made it (docs/adr/0008). */
    public static final String PROVISIONING_MARKER = "panels_provisioning";

    private static final Logger LOG = Logger.getLogger(KeycloakAdmin.class);

    private final KeycloakAdminApi api;
    private final KeycloakTokenApi tokens;
    private final AuthSettings settings;
    private final ObjectMapper json;

    private volatile String accessToken;
    private volatile Instant accessTokenExpires = Instant.EPOCH;

    public KeycloakAdmin(@RestClient KeycloakAdminApi api, @RestClient KeycloakTokenApi tokens, AuthSettings settings,
                         ObjectMapper json) {
        this.api = api;
        this.tokens = tokens;
        this.settings = settings;
        this.json = json;
    }

    // ---- organizations

    public Uni<Optional<UUID>> organizationMadeBy(UUID provisioningId) {
        return bearer().chain(auth -> api.findOrganizations(auth, PROVISIONING_MARKER + ":" + provisioningId, false))
                .onFailure(e -> !(e instanceof KeycloakFailure)).transform(KeycloakAdmin::failure)
                .map(found -> found.isArray() && !found.isEmpty()
                        ? Optional.of(UUID.fromString(found.get(0).path("id").asText()))
                        : Optional.empty());
    }

    /** Creates the organization of a tenant; a 409 means the alias (or name) is taken. */
    public Uni<UUID> createOrganization(String alias, UUID provisioningId) {
        ObjectNode organization = json.createObjectNode()
                .put("name", alias)
                .put("alias", alias)
                .put("enabled", true);
        organization.putObject("attributes").putArray(PROVISIONING_MARKER).add(provisioningId.toString());
        return call(auth -> api.createOrganization(auth, organization)).map(response -> {
            expect(response, "create organization " + alias, 201);
            return UUID.fromString(lastSegment(response.getLocation()));
        });
    }

    public Uni<Void> setOrganizationEnabled(UUID organizationId, boolean enabled) {
        return call(auth -> api.organization(auth, organizationId.toString())).chain(response -> {
            expect(response, "read organization " + organizationId, 200);
            ObjectNode organization = (ObjectNode) response.readEntity(JsonNode.class);
            organization.put("enabled", enabled);
            return call(auth -> api.updateOrganization(auth, organizationId.toString(), organization));
        }).map(response -> {
            expect(response, "update organization " + organizationId, 204, 200);
            return null;
        });
    }

    public Uni<Void> deleteOrganization(UUID organizationId) {
        return call(auth -> api.deleteOrganization(auth, organizationId.toString())).map(response -> {
            expect(response, "delete organization " + organizationId, 204, 404);
            return null;
        });
    }

    public Uni<Void> addOrganizationMember(UUID organizationId, String userId) {
        return call(auth -> api.addOrganizationMember(auth, organizationId.toString(), TextNode.valueOf(userId)))
                .map(response -> {
                    expect(response, "add member " + userId, 201, 204, 409);
                    return null;
                });
    }

    /** An organization as Keycloak has it (alias, name), or empty. */
    public Uni<Optional<JsonNode>> organization(UUID organizationId) {
        return call(auth -> api.organization(auth, organizationId.toString())).map(response -> {
            if (response.getStatus() == 404) {
                return Optional.empty();
            }
            expect(response, "read organization " + organizationId, 200);
            return Optional.of(response.readEntity(JsonNode.class));
        });
    }

    /** Up to {@code max} members of an organization with their role in it (null without one). */
    public Uni<List<KeycloakMember>> organizationMembers(UUID organizationId, int max) {
        String prefix = organizationId + ":";
        return call(auth -> api.organizationMembers(auth, organizationId.toString(), 0, max, false)).map(response -> {
            expect(response, "list members of " + organizationId, 200);
            List<KeycloakMember> members = new ArrayList<>();
            for (JsonNode user : response.readEntity(JsonNode.class)) {
                Role role = null;
                for (JsonNode value : user.path("attributes").path(TENANT_ROLES)) {
                    if (value.asText().startsWith(prefix)) {
                        Role granted = Role.fromClaim(value.asText().substring(prefix.length())).orElse(null);
                        if (granted != null && (role == null || granted.atLeast(role))) {
                            role = granted;
                        }
                    }
                }
                members.add(new KeycloakMember(user(user), role));
            }
            return members;
        });
    }

    public Uni<Void> removeOrganizationMember(UUID organizationId, String userId) {
        return call(auth -> api.removeOrganizationMember(auth, organizationId.toString(), userId)).map(response -> {
            expect(response, "remove member " + userId, 204, 404);
            return null;
        });
    }

    // ---- users

    public Uni<Optional<KeycloakUser>> userByEmail(String email) {
        return bearer().chain(auth -> api.usersByEmail(auth, email, true))
                .onFailure(e -> !(e instanceof KeycloakFailure)).transform(KeycloakAdmin::failure)
                .map(found -> {
                    for (JsonNode user : found) {
                        if (email.equalsIgnoreCase(user.path("email").asText())) {
                            return Optional.of(user(user));
                        }
                    }
                    return Optional.empty();
                });
    }

    public Uni<Optional<KeycloakUser>> user(String userId) {
        return call(auth -> api.user(auth, userId)).map(response -> {
            if (response.getStatus() == 404) {
                return Optional.empty();
            }
            expect(response, "read user " + userId, 200);
            return Optional.of(user(response.readEntity(JsonNode.class)));
        });
    }

    /** Creates an enabled user named by its e-mail address, with a password when one is given. */
    public Uni<String> createUser(String email, String password, String firstName, String lastName) {
        ObjectNode user = json.createObjectNode()
                .put("username", email)
                .put("email", email)
                .put("enabled", true)
                .put("emailVerified", false);
        if (firstName != null) {
            user.put("firstName", firstName);
        }
        if (lastName != null) {
            user.put("lastName", lastName);
        }
        if (password != null) {
            user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        }
        return call(auth -> api.createUser(auth, user)).map(response -> {
            expect(response, "create user " + email, 201);
            return lastSegment(response.getLocation());
        });
    }

    public Uni<Void> deleteUser(String userId) {
        return call(auth -> api.deleteUser(auth, userId)).map(response -> {
            expect(response, "delete user " + userId, 204, 404);
            return null;
        });
    }

    /** The names the realm's user profile requires before the user may sign in. */
    public Uni<Void> setNames(String userId, String firstName, String lastName) {
        return call(auth -> api.user(auth, userId)).chain(response -> {
            expect(response, "read user " + userId, 200);
            ObjectNode user = (ObjectNode) response.readEntity(JsonNode.class);
            user.put("firstName", firstName).put("lastName", lastName);
            return call(auth -> api.updateUser(auth, userId, user));
        }).map(response -> {
            expect(response, "update names of " + userId, 204, 200);
            return null;
        });
    }

    public Uni<Void> setPassword(String userId, String password) {
        ObjectNode credential = json.createObjectNode().put("type", "password").put("value", password).put("temporary", false);
        return call(auth -> api.resetPassword(auth, userId, credential)).map(response -> {
            expect(response, "set password of " + userId, 204, 200);
            return null;
        });
    }

    /**
     * Sets the user's role in one tenant (the {@code <tenantId>:<role>} value of the
     * {@code tenant_roles} attribute), or removes it when {@code role} is null; other tenants'
     * values are kept.
     */
    public Uni<Void> setTenantRole(String userId, UUID tenantId, Role role) {
        String prefix = tenantId + ":";
        return call(auth -> api.user(auth, userId)).chain(response -> {
            if (response.getStatus() == 404 && role == null) {
                return Uni.createFrom().<Response>nullItem();
            }
            expect(response, "read user " + userId, 200);
            ObjectNode user = (ObjectNode) response.readEntity(JsonNode.class);
            ObjectNode attributes = user.has("attributes") && user.get("attributes").isObject()
                    ? (ObjectNode) user.get("attributes") : user.putObject("attributes");
            List<String> values = new ArrayList<>();
            attributes.path(TENANT_ROLES).forEach(value -> {
                if (!value.asText().startsWith(prefix)) {
                    values.add(value.asText());
                }
            });
            if (role != null) {
                values.add(prefix + role.claimValue());
            }
            ArrayNode array = attributes.putArray(TENANT_ROLES);
            values.forEach(array::add);
            return call(auth -> api.updateUser(auth, userId, user));
        }).map(response -> {
            if (response != null) {
                expect(response, "update roles of " + userId, 204, 200);
            }
            return null;
        });
    }

    // ---- integration clients

    /**
     * A confidential client with only the client-credentials grant whose tokens carry the tenant
     * and the role through hardcoded claims, the same claims a member's token has (ADR 0003).
     */
    public Uni<IntegrationClient> createIntegrationClient(String clientId, String description, UUID tenantId, String alias,
                                                          Role role) {
        ObjectNode client = json.createObjectNode()
                .put("clientId", clientId)
                .put("name", description)
                .put("enabled", true)
                .put("publicClient", false)
                .put("serviceAccountsEnabled", true)
                .put("standardFlowEnabled", false)
                .put("implicitFlowEnabled", false)
                .put("directAccessGrantsEnabled", false)
                .put("clientAuthenticatorType", "client-secret");
        ArrayNode mappers = client.putArray("protocolMappers");
        ObjectNode organization = json.createObjectNode();
        organization.putObject(alias).put("id", tenantId.toString());
        mappers.add(hardcodedClaim("organization", organization.toString()));
        mappers.add(hardcodedClaim(TENANT_ROLES, json.createArrayNode().add(tenantId + ":" + role.claimValue()).toString()));
        return call(auth -> api.createClient(auth, client)).chain(response -> {
            expect(response, "create client " + clientId, 201);
            String clientUuid = lastSegment(response.getLocation());
            return call(auth -> api.secret(auth, clientUuid)).map(secret -> {
                expect(secret, "read secret of " + clientId, 200);
                return new IntegrationClient(clientId, clientUuid, secret.readEntity(JsonNode.class).path("value").asText());
            });
        });
    }

    public Uni<String> rotateSecret(String clientUuid) {
        return call(auth -> api.regenerateSecret(auth, clientUuid)).map(response -> {
            expect(response, "rotate secret of " + clientUuid, 200);
            return response.readEntity(JsonNode.class).path("value").asText();
        });
    }

    public Uni<Void> deleteClient(String clientUuid) {
        return call(auth -> api.deleteClient(auth, clientUuid)).map(response -> {
            expect(response, "delete client " + clientUuid, 204, 404);
            return null;
        });
    }

    private ObjectNode hardcodedClaim(String claim, String jsonValue) {
        ObjectNode mapper = json.createObjectNode()
                .put("name", claim)
                .put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-hardcoded-claim-mapper");
        mapper.putObject("config")
                .put("claim.name", claim)
                .put("claim.value", jsonValue)
                .put("jsonType.label", "JSON")
                .put("access.token.claim", "true")
                .put("id.token.claim", "false")
                .put("userinfo.token.claim", "false")
                .put("introspection.token.claim", "true");
        return mapper;
    }

    // ---- plumbing

    private Uni<Response> call(Function<String, Uni<Response>> request) {
        return bearer().chain(auth -> request.apply(auth))
                .onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onFailure(e -> !(e instanceof KeycloakFailure)).transform(KeycloakAdmin::failure);
    }

    private Uni<String> bearer() {
        String current = accessToken;
        if (current != null && Instant.now().isBefore(accessTokenExpires)) {
            return Uni.createFrom().item("Bearer " + current);
        }
        AuthSettings.Keycloak keycloak = settings.keycloak();
        return tokens.clientCredentials("client_credentials", keycloak.clientId(), keycloak.clientSecret())
                .onFailure().transform(e -> failure(e))
                .map(body -> {
                    accessToken = body.path("access_token").asText();
                    // Renew well before expiry so a token never dies between check and use.
                    accessTokenExpires = Instant.now().plusSeconds(Math.max(5, body.path("expires_in").asLong(60) - 30));
                    return "Bearer " + accessToken;
                });
    }

    private static void expect(Response response, String what, int... accepted) {
        int status = response.getStatus();
        for (int ok : accepted) {
            if (status == ok) {
                return;
            }
        }
        String body = "";
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            LOG.debugf(e, "unreadable Keycloak error body for %s", what);
        }
        throw new KeycloakFailure(status, "Keycloak refused to " + what + ": " + status + " " + body);
    }

    private static KeycloakFailure failure(Throwable e) {
        if (e instanceof KeycloakFailure failure) {
            return failure;
        }
        if (e instanceof WebApplicationException web) {
            return new KeycloakFailure(web.getResponse().getStatus(), "Keycloak answered " + web.getResponse().getStatus());
        }
        return new KeycloakFailure("Keycloak did not answer: " + e, e);
    }

    private static String lastSegment(URI location) {
        if (location == null) {
            throw new KeycloakFailure(502, "Keycloak answered 201 without a Location");
        }
        String path = location.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static KeycloakUser user(JsonNode user) {
        return new KeycloakUser(user.path("id").asText(), user.path("username").asText(null), user.path("email").asText(null));
    }
}
