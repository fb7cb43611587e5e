-- An account's health document is rewritten on nearly every ingest batch that touches the account. At about 3 KB it
-- crossed PostgreSQL's 2 KB threshold, so every save converted it to jsonb and compressed it (pglz); together that was
-- most of a save's cost (2,000 saves: 208-250 ms as compressed jsonb, 80-95 ms as plain json kept inline).
-- Rows up to a page now stay inline and uncompressed. Half of each page is left free so that a save which changes no
-- indexed column can write the new row version on the same page without touching any index (a HOT update): of 2,000
-- such saves of 20,000 accounts' rows, 98 % were HOT with pages half free and none with full pages.
ALTER TABLE account_health SET (toast_tuple_target = 8160, fillfactor = 50);
-- The document is only ever read whole, never queried inside, so json (validated, stored as written) is enough. The
-- change rewrites the table, with the settings above.
ALTER TABLE account_health ALTER COLUMN health TYPE json;
