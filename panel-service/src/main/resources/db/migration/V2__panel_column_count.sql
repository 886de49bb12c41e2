-- The number of columns of each panel, kept on the panel row (ADR 0056). The panel list showed it
-- through a count of panel_column per listed panel: a third of the database's work per page.
-- Statement-level triggers keep it: every insert or delete of columns, whichever code path makes it
-- (creation, copy, column add and remove, the cascade of a panel delete), adds or subtracts the rows
-- it touched, per panel, in the same transaction.

alter table panel add column column_count integer not null default 0;

-- The backfill sees every tenant's rows: row-level security is forced on the owner (this role), so it
-- is lifted for this statement's transaction only, then forced again below.
alter table panel no force row level security;
alter table panel_column no force row level security;
update panel p set column_count = (select count(*) from panel_column c where c.panel_id = p.id);
alter table panel force row level security;
alter table panel_column force row level security;

create function panel_column_count_added() returns trigger
    language plpgsql as
$$
begin
    update panel p set column_count = p.column_count + a.added
    from (select panel_id, count(*) as added from added_columns group by panel_id) a
    where p.id = a.panel_id;
    return null;
end
$$;

create function panel_column_count_removed() returns trigger
    language plpgsql as
$$
begin
    update panel p set column_count = p.column_count - r.removed
    from (select panel_id, count(*) as removed from removed_columns group by panel_id) r
    where p.id = r.panel_id;
    return null;
end
$$;

create trigger panel_column_added after insert on panel_column
    referencing new table as added_columns
    for each statement execute function panel_column_count_added();

create trigger panel_column_removed after delete on panel_column
    referencing old table as removed_columns
    for each statement execute function panel_column_count_removed();
