package io.panels.auth.domain;

/** A created tenant and its first owner; {@code ownerInvitation} is set when the owner is a new user. */
public record ProvisionedTenant(Tenant tenant, String ownerUserId, String ownerEmail, InvitationLink ownerInvitation) {
}
