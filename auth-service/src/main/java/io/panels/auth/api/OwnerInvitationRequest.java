package io.panels.auth.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record OwnerInvitationRequest(@Schema(example = "owner@acme.test") @NotBlank @Email @Size(max = 254) String email) {
}
