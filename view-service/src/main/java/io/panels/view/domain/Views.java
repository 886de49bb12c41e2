package io.panels.view.domain;

import io.panels.common.ids.Ids;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.view.config.ViewSettings;
import io.panels.view.domain.View.Visibility;
import io.panels.view.events.ViewEvents;
import io.panels.view.store.PanelStore;
import io.panels.view.store.ViewStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of views: who sees and changes which view, what a view may hold ({@link ViewRules}),
 * and the view.* event of every change. Every method runs in the caller's transaction with the
 * tenant bound.
 *
 * <p>Who may do what: a personal view is its owner's alone (any role may keep personal views;
 * others do not see it: 404). Every member reads collaborative views; editors and above create,
 * change, lock, unlock, reorder and delete them. A locked view refuses changes and deletion (409
 * {@code view-locked}) until it is unlocked.
 */
@ApplicationScoped
public class Views {

    private final ViewStore views;
    private final PanelStore panels;
    private final ViewEvents events;
    private final ViewSettings settings;

    public Views(ViewStore views, PanelStore panels, ViewEvents events, ViewSettings settings) {
        this.views = views;
        this.panels = panels;
        this.events = events;
        this.settings = settings;
    }

    /** The view when the caller may see it; 404 otherwise (also for another tenant's or someone's personal view). */
    public Uni<View> visible(SqlClient tx, TenantAccess access, UUID viewId, boolean forUpdate) {
        return views.find(tx, viewId, forUpdate).map(found -> found
                .filter(view -> sees(access, view))
                .orElseThrow(() -> ProblemException.notFound("view", viewId)));
    }

    /** The panel's views the caller sees, in order. */
    public Uni<List<View>> ofPanel(SqlClient tx, TenantAccess access, UUID panelId) {
        return panel(tx, panelId).chain(panel -> views.ofPanel(tx, panelId, false))
                .map(all -> all.stream().filter(view -> sees(access, view)).toList());
    }

    public Uni<View> create(SqlClient tx, TenantAccess access, UUID panelId, ViewDraft draft) {
        Visibility visibility = draft.visibility() == null ? Visibility.collaborative : draft.visibility();
        View.ViewType type = draft.type() == null ? View.ViewType.grid : draft.type();
        if (visibility == Visibility.collaborative) {
            requireEditor(access);
        }
        return panel(tx, panelId).chain(panel -> views.count(tx, panelId).chain(count -> {
            if (count >= settings.maxViewsPerPanel()) {
                throw new ProblemException(409, "view-limit-reached", "Too many views",
                        "A panel has at most " + settings.maxViewsPerPanel() + " views.");
            }
            ViewRules.Checked checked = ViewRules.check(panel, draft.name(), type, draft.columns(), draft.query(), draft.settings());
            return views.nextPosition(tx, panelId).chain(position -> {
                Instant now = now();
                View view = new View(Ids.newId(), access.tenantId(), panelId, draft.name().strip(), type, visibility,
                        access.subject(), false, position, checked.columns(), checked.query(), checked.settings(), 1, now, now);
                return views.insert(tx, view).chain(() -> events.created(tx, view, access.subject())).replaceWith(view);
            });
        }));
    }

    /** Changes the members the draft gives; {@code ifMatch} (a version) guards against lost updates. */
    public Uni<View> update(SqlClient tx, TenantAccess access, UUID viewId, ViewDraft draft, Long ifMatch) {
        if (draft.visibility() != null) {
            throw ProblemException.invalid("visibility", "is chosen when a view is created; duplicate the view to change it");
        }
        return editable(tx, access, viewId, ifMatch).chain(view -> panel(tx, view.panelId()).chain(panel -> {
            View.ViewType type = draft.type() == null ? view.type() : draft.type();
            ViewRules.Checked checked = ViewRules.check(panel, draft.name() == null ? view.name() : draft.name(), type,
                    draft.columns() == null ? view.columns() : draft.columns(),
                    draft.query() == null ? view.query() : draft.query(),
                    draft.settings() == null ? view.settings() : draft.settings());
            View changed = new View(view.id(), view.tenantId(), view.panelId(),
                    draft.name() == null ? view.name() : draft.name().strip(), type, view.visibility(), view.ownerId(),
                    view.locked(), view.position(), checked.columns(), checked.query(), checked.settings(), view.version() + 1,
                    view.createdAt(), now());
            return save(tx, view, changed, access.subject());
        }));
    }

    public Uni<View> lock(SqlClient tx, TenantAccess access, UUID viewId, boolean locked, Long ifMatch) {
        return visible(tx, access, viewId, true).chain(view -> {
            requireChangeRights(access, view);
            checkVersion(view, ifMatch);
            if (view.locked() == locked) {
                return Uni.createFrom().item(view);
            }
            View changed = new View(view.id(), view.tenantId(), view.panelId(), view.name(), view.type(), view.visibility(),
                    view.ownerId(), locked, view.position(), view.columns(), view.query(), view.settings(), view.version() + 1,
                    view.createdAt(), now());
            return save(tx, view, changed, access.subject());
        });
    }

    public Uni<View> duplicate(SqlClient tx, TenantAccess access, UUID viewId, String name, Visibility visibility) {
        return visible(tx, access, viewId, false).chain(source -> create(tx, access, source.panelId(), new ViewDraft(
                name == null ? copyName(source.name()) : name, source.type(),
                visibility == null ? source.visibility() : visibility, source.columns(), source.query(), source.settings())));
    }

    public Uni<Void> delete(SqlClient tx, TenantAccess access, UUID viewId, Long ifMatch) {
        return editable(tx, access, viewId, ifMatch)
                .call(view -> views.delete(tx, view.id()))
                .call(view -> events.deleted(tx, view, access.subject()))
                .replaceWithVoid();
    }

    /** Puts the panel's collaborative views in the given order: the list names each of them once. */
    public Uni<List<View>> reorder(SqlClient tx, TenantAccess access, UUID panelId, List<UUID> order) {
        requireEditor(access);
        return panel(tx, panelId).chain(panel -> views.ofPanel(tx, panelId, true)).chain(all -> {
            List<View> collaborative = all.stream().filter(v -> !v.isPersonal()).toList();
            Set<UUID> expected = new HashSet<>(collaborative.stream().map(View::id).toList());
            if (order == null || order.size() != expected.size() || !expected.equals(new HashSet<>(order))) {
                throw ProblemException.invalid("viewIds", "must name each collaborative view of the panel once ("
                        + expected.size() + " views)");
            }
            List<Uni<View>> saves = new ArrayList<>();
            for (View view : collaborative) {
                int position = order.indexOf(view.id());
                if (position != view.position()) {
                    View moved = new View(view.id(), view.tenantId(), view.panelId(), view.name(), view.type(), view.visibility(),
                            view.ownerId(), view.locked(), position, view.columns(), view.query(), view.settings(),
                            view.version() + 1, view.createdAt(), now());
                    saves.add(save(tx, view, moved, access.subject()));
                }
            }
            // One statement at a time on the transaction's connection.
            Uni<Void> sequence = Uni.createFrom().voidItem();
            for (Uni<View> save : saves) {
                sequence = sequence.chain(() -> save).replaceWithVoid();
            }
            return sequence.chain(() -> ofPanel(tx, access, panelId));
        });
    }

    /** The panel as view-service knows it; 404 when unknown or deleted (also another tenant's, hidden by row-level security). */
    public Uni<Panel> panel(SqlClient tx, UUID panelId) {
        return panels.find(tx, panelId).map(found -> found.filter(p -> !p.deleted())
                .orElseThrow(() -> ProblemException.notFound("panel", panelId)));
    }

    private Uni<View> editable(SqlClient tx, TenantAccess access, UUID viewId, Long ifMatch) {
        return visible(tx, access, viewId, true).map(view -> {
            requireChangeRights(access, view);
            if (view.locked()) {
                throw new ProblemException(409, "view-locked", "View locked",
                        "The view is locked against changes; unlock it first.");
            }
            checkVersion(view, ifMatch);
            return view;
        });
    }

    private Uni<View> save(SqlClient tx, View before, View after, String by) {
        return views.update(tx, after, before.version()).chain(written -> {
            if (!written) {
                throw ProblemException.stale("The view changed meanwhile; read it again.");
            }
            return events.updated(tx, after, by).replaceWith(after);
        });
    }

    static boolean sees(TenantAccess access, View view) {
        return !view.isPersonal() || view.ownerId().equals(access.subject());
    }

    private static void requireChangeRights(TenantAccess access, View view) {
        if (!view.isPersonal()) {
            requireEditor(access);
        }
    }

    private static void requireEditor(TenantAccess access) {
        if (!access.role().atLeast(Role.EDITOR)) {
            throw ProblemException.forbidden("insufficient-role", "Insufficient role",
                    "Collaborative views are changed by editors and above; you are " + access.role().claimValue()
                            + ". Keep a personal view instead.");
        }
    }

    private static void checkVersion(View view, Long ifMatch) {
        if (ifMatch != null && ifMatch != view.version()) {
            throw ProblemException.stale("The view is at version " + view.version() + ", not " + ifMatch + ".");
        }
    }

    private static String copyName(String name) {
        String copy = name + " (copy)";
        return copy.length() > ViewRules.MAX_NAME ? copy.substring(0, ViewRules.MAX_NAME) : copy;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
