package io.panels.auth.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The password (and names) are used only when the invitation makes or activates the account. */
public record AcceptInvitationRequest(
        @NotBlank @Size(max = 200) String token,
        @Schema(example = "correct horse battery staple") @Size(min = 8, max = 200) String password,
        @Schema(example = "Ada") @Size(max = 100) String firstName,
        @Schema(example = "Lovelace") @Size(max = 100) String lastName) {
}
