package io.panels.view.domain;

import io.panels.common.ids.Ids;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantScope;
import io.panels.view.config.ViewSettings;
import io.panels.view.store.ShareStore;
import io.panels.view.store.ViewStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Public read-only links to collaborative views. Editors and above create, list and revoke them
 * (a personal view cannot be shared). A visitor needs only the token (and the password, when the
 * link has one); a link that is unknown, revoked, expired, or whose view is gone is 404 alike, so
 * a visitor learns nothing about links that do not work.
 */
@ApplicationScoped
public class Shares {

    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 200;

    /** A new link: the token is shown this once. */
    public record Created(Share share, String token) {
    }

    /** What a working link opens, under its tenant. */
    public record Opened(Share share, View view, Panel panel) {
    }

    private final ShareStore shares;
    private final ViewStore views;
    private final Views rules;
    private final ViewSettings settings;

    public Shares(ShareStore shares, ViewStore views, Views rules, ViewSettings settings) {
        this.shares = shares;
        this.views = views;
        this.rules = rules;
        this.settings = settings;
    }

    public Uni<Created> create(SqlClient tx, TenantAccess access, UUID viewId, String password, Instant expiresAt) {
        requireEditor(access);
        List<FieldError> errors = new ArrayList<>();
        if (password != null && (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD)) {
            errors.add(new FieldError("password", MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            errors.add(new FieldError("expiresAt", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The share link is not valid.", errors);
        }
        return shareable(tx, access, viewId).chain(view -> shares.countLive(tx, viewId).chain(live -> {
            if (live >= settings.maxSharesPerView()) {
                throw new ProblemException(409, "share-limit-reached", "Too many share links",
                        "A view has at most " + settings.maxSharesPerView() + " working share links; revoke one first.");
            }
            String token = ShareSecrets.newToken();
            Share share = new Share(Ids.newId(), access.tenantId(), viewId, ShareSecrets.tokenHash(token),
                    password == null ? null : ShareSecrets.hashPassword(password, settings.sharePasswordIterations()),
                    expiresAt, access.subject(), Views.now(), null);
            return shares.insert(tx, share).replaceWith(new Created(share, token));
        }));
    }

    public Uni<List<Share>> list(SqlClient tx, TenantAccess access, UUID viewId) {
        requireEditor(access);
        return shareable(tx, access, viewId).chain(view -> shares.ofView(tx, viewId));
    }

    public Uni<Void> revoke(SqlClient tx, TenantAccess access, UUID viewId, UUID shareId) {
        requireEditor(access);
        return shareable(tx, access, viewId).chain(view -> shares.find(tx, shareId))
                .chain(found -> {
                    Share share = found.filter(s -> s.viewId().equals(viewId))
                            .orElseThrow(() -> ProblemException.notFound("share link", shareId));
                    return shares.revoke(tx, share);
                });
    }

    /**
     * Opens a link: finds its tenant from the token, binds it (row-level security), and checks the
     * link works and the password matches. 404 {@code not-found} for any link that does not work;
     * 401 {@code share-password-required} when the password is missing or wrong.
     */
    public Uni<Opened> open(SqlClient tx, String token, String password) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            throw gone();
        }
        String hash = ShareSecrets.tokenHash(token);
        return shares.owner(tx, hash).chain(owner -> {
            if (owner.isEmpty()) {
                throw gone();
            }
            return TenantScope.bind(tx, owner.get().tenantId())
                    .chain(() -> shares.find(tx, owner.get().shareId()))
                    .chain(found -> {
                        Share share = found.filter(s -> s.tokenHash().equals(hash) && s.usableAt(Instant.now()))
                                .orElseThrow(Shares::gone);
                        if (share.passwordProtected() && !ShareSecrets.passwordMatches(password, share.passwordHash())) {
                            throw new ProblemException(401, "share-password-required", "Password required",
                                    "This link needs its password in the Panels-Share-Password header.");
                        }
                        return views.find(tx, share.viewId(), false).chain(view -> {
                            if (view.isEmpty() || view.get().isPersonal()) {
                                throw gone();
                            }
                            return rules.panel(tx, view.get().panelId())
                                    .onFailure(ProblemException.class).transform(f -> gone())
                                    .map(panel -> new Opened(share, view.get(), panel));
                        });
                    });
        });
    }

    private Uni<View> shareable(SqlClient tx, TenantAccess access, UUID viewId) {
        return rules.visible(tx, access, viewId, false).map(view -> {
            if (view.isPersonal()) {
                throw ProblemException.conflict("A personal view cannot be shared; duplicate it as a collaborative view first.");
            }
            return view;
        });
    }

    private static ProblemException gone() {
        return new ProblemException(404, "not-found", "Not found", "This share link does not exist or no longer works.");
    }

    private static void requireEditor(TenantAccess access) {
        if (!access.role().atLeast(Role.EDITOR)) {
            throw ProblemException.forbidden("insufficient-role", "Insufficient role",
                    "Share links are managed by editors and above; you are " + access.role().claimValue() + ".");
        }
    }
}
