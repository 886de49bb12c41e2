package io.panels.auth.api;

import io.panels.auth.domain.Member;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@RegisterForReflection
public record MemberResponse(
        @Schema(example = "5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50") String userId,
        @Schema(example = "editor@acme.test") String email,
        @Schema(example = "editor") String role,
        @Schema(example = "2") int version,
        @Schema(example = "2026-11-22T10:15:30Z") OffsetDateTime createdAt,
        @Schema(example = "2026-11-22T11:00:00Z") OffsetDateTime updatedAt) {

    static MemberResponse of(Member member) {
        return new MemberResponse(member.userId(), member.email(), member.role().claimValue(), member.version(),
                member.createdAt(), member.updatedAt());
    }
}
