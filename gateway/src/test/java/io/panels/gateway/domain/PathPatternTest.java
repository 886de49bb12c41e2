package io.panels.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void aTrailingDoubleStarMatchesAnyRestIncludingNone() {
        PathPattern panels = PathPattern.parse("/api/v1/panels/**");
        assertTrue(panels.matches("/api/v1/panels"));
        assertTrue(panels.matches("/api/v1/panels/"));
        assertTrue(panels.matches("/api/v1/panels/p1/columns/c1"));
        assertFalse(panels.matches("/api/v1/panelsx"));
        assertFalse(panels.matches("/api/v1"));
    }

    @Test
    void aStarIsExactlyOneSegment() {
        PathPattern query = PathPattern.parse("/api/v1/panels/*/query");
        assertTrue(query.matches("/api/v1/panels/p1/query"));
        assertFalse(query.matches("/api/v1/panels/query"));
        assertFalse(query.matches("/api/v1/panels/p1/query/more"));
        assertFalse(query.matches("/api/v1/panels/p1/p2/query"));
    }

    @Test
    void doubleStarOnlyAtTheEnd() {
        assertThrows(IllegalArgumentException.class, () -> PathPattern.parse("/api/**/rows"));
        assertThrows(IllegalArgumentException.class, () -> PathPattern.parse("api/v1"));
    }

    @Test
    void accessFollowsThePath() {
        assertEquals(Access.PUBLIC, Access.of("/api/v1/public/signup"));
        assertEquals(Access.PLATFORM, Access.of("/api/v1/platform/tenants"));
        assertEquals(Access.TENANT, Access.of("/api/v1/publicity"));
        assertEquals(Access.TENANT, Access.of("/api/v1/panels"));
    }
}
