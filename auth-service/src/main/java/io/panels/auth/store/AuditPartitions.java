package io.panels.auth.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Monthly partitions of audit_entry: made ahead of time, dropped whole when older than the
 * retention (docs/adr/0009). Names are {@code audit_entry_yYYYYmMM}.
 */
@ApplicationScoped
public class AuditPartitions {

    private static final Logger LOG = Logger.getLogger(AuditPartitions.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'audit_entry_y'yyyy'm'MM");

    private final Pool pool;

    public AuditPartitions(Pool pool) {
        this.pool = pool;
    }

    /** Makes the partitions of this month and the next {@code monthsAhead} ones (idempotent). */
    public Uni<Void> ensure(YearMonth current, int monthsAhead) {
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i <= monthsAhead; i++) {
            months.add(current.plusMonths(i));
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (YearMonth month : months) {
            chain = chain.chain(() -> create(month));
        }
        return chain;
    }

    /** Drops every monthly partition whose whole month is before {@code oldestKept}; answers how many. */
    public Uni<Integer> dropBefore(LocalDate oldestKept) {
        YearMonth keep = YearMonth.from(oldestKept);
        return pool.query("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " join pg_class p on p.oid = i.inhparent"
                        + " where p.relname = 'audit_entry' and p.relnamespace = c.relnamespace"
                        + " and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())")
                .execute()
                .map(rows -> {
                    List<String> old = new ArrayList<>();
                    rows.forEach(row -> {
                        String name = row.getString("relname");
                        if (name.matches("audit_entry_y\\d{4}m\\d{2}")) {
                            YearMonth month = YearMonth.parse(name.substring(13, 17) + "-" + name.substring(18, 20));
                            if (month.isBefore(keep)) {
                                old.add(name);
                            }
                        }
                    });
                    return old;
                })
                .chain(old -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String name : old) {
                        chain = chain.chain(() -> pool.query("drop table if exists " + name).execute().replaceWithVoid());
                    }
                    return chain.replaceWith(old.size());
                });
    }

    private Uni<Void> create(YearMonth month) {
        String name = NAME.format(month.atDay(1));
        String from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
        String to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
        return pool.query("create table if not exists " + name + " partition of audit_entry for values from ('"
                        + from + "') to ('" + to + "')")
                .execute().replaceWithVoid()
                // The default partition already holds rows of that month: they stay there, still listed.
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("audit partition %s not made: %s", name, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
