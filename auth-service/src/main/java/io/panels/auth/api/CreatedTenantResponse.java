package io.panels.auth.api;

import io.panels.auth.domain.ProvisionedTenant;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A new tenant and its first owner; {@code ownerInvitation} is set when the owner is a new user. */
@RegisterForReflection
public record CreatedTenantResponse(TenantResponse tenant, OwnerResponse owner) {

    @RegisterForReflection
    public record OwnerResponse(String userId, String email, InvitationLinkResponse invitation) {
    }

    static CreatedTenantResponse of(ProvisionedTenant created) {
        return new CreatedTenantResponse(TenantResponse.of(created.tenant()), new OwnerResponse(created.ownerUserId(),
                created.ownerEmail(), InvitationLinkResponse.of(created.ownerInvitation())));
    }
}
