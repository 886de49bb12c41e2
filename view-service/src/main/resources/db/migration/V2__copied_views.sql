-- Views copied onto a duplicated panel (panel.duplicated with withViews) remember their source
-- view: a copy is made at most once per panel and source, however often the event arrives.
alter table saved_view add column copied_from uuid;
create unique index saved_view_copied on saved_view (panel_id, copied_from) where copied_from is not null;
