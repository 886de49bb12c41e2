package io.panels.view.store;

import io.panels.view.domain.Share;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Share links of views, and the token index that finds a link's tenant from its token alone. */
@ApplicationScoped
public class ShareStore {

    private static final String COLUMNS = "id, tenant_id, view_id, token_hash, password_hash, expires_at, created_by, created_at,"
            + " revoked_at";

    /** A tenant and share by token hash, before any tenant is bound (share_token has no row policy). */
    public record TokenOwner(UUID tenantId, UUID shareId) {
    }

    public Uni<Optional<TokenOwner>> owner(SqlClient client, String tokenHash) {
        return client.preparedQuery("select tenant_id, share_id from share_token where token_hash = $1")
                .execute(Tuple.of(tokenHash))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(new TokenOwner(rows.iterator().next().getUUID("tenant_id"), rows.iterator().next().getUUID("share_id"))));
    }

    public Uni<Void> insert(SqlClient tx, Share share) {
        return tx.preparedQuery("insert into view_share (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(Arrays.asList(share.id(), share.tenantId(), share.viewId(),
                        share.tokenHash(), share.passwordHash(),
                        ViewStore.utc(share.expiresAt()), share.createdBy(), ViewStore.utc(share.createdAt()), null)))
                .chain(() -> tx.preparedQuery("insert into share_token (token_hash, tenant_id, share_id) values ($1, $2, $3)")
                        .execute(Tuple.of(share.tokenHash(), share.tenantId(), share.id())))
                .replaceWithVoid();
    }

    public Uni<Optional<Share>> find(SqlClient tx, UUID id) {
        return tx.preparedQuery("select " + COLUMNS + " from view_share where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(share(rows.iterator().next())));
    }

    /** The view's links, newest first, revoked ones included. */
    public Uni<List<Share>> ofView(SqlClient tx, UUID viewId) {
        return tx.preparedQuery("select " + COLUMNS + " from view_share where view_id = $1 order by created_at desc, id desc")
                .execute(Tuple.of(viewId))
                .map(rows -> {
                    List<Share> shares = new ArrayList<>();
                    for (Row row : rows) {
                        shares.add(share(row));
                    }
                    return shares;
                });
    }

    public Uni<Long> countLive(SqlClient tx, UUID viewId) {
        return tx.preparedQuery("select count(*) from view_share where view_id = $1 and revoked_at is null"
                        + " and (expires_at is null or expires_at > now())")
                .execute(Tuple.of(viewId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Revokes the link for good; its token index entry goes with it. */
    public Uni<Void> revoke(SqlClient tx, Share share) {
        return tx.preparedQuery("update view_share set revoked_at = now() where id = $1 and revoked_at is null")
                .execute(Tuple.of(share.id()))
                .chain(() -> tx.preparedQuery("delete from share_token where share_id = $1").execute(Tuple.of(share.id())))
                .replaceWithVoid();
    }

    private static Share share(Row row) {
        return new Share(row.getUUID("id"), row.getUUID("tenant_id"), row.getUUID("view_id"),
                row.getString("token_hash"), row.getString("password_hash"),
                row.getOffsetDateTime("expires_at") == null ? null : row.getOffsetDateTime("expires_at").toInstant(),
                row.getString("created_by"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("revoked_at") == null ? null : row.getOffsetDateTime("revoked_at").toInstant());
    }
}
