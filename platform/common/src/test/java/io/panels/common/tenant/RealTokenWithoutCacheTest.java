package io.panels.common.tenant;

import io.panels.common.security.TokenCacheSwitchedOffTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The real-token rules hold the same with the verified-token cache switched off (ADR 0050). */
@QuarkusTest
@TestProfile(TokenCacheSwitchedOffTest.CacheOff.class)
class RealTokenWithoutCacheTest extends RealTokenTest {
}
