-- Bulk inserts fill the lead search index once per batch, in one statement, instead of one
-- trigger run per lead: FTS5 then tokenizes the whole batch into a single pending segment.
-- Like the tallies, the trigger stands aside only inside a bulk insert's own transaction.
DROP TRIGGER leads_search_insert;

CREATE TRIGGER leads_search_insert AFTER INSERT ON leads
WHEN (SELECT active FROM lead_bulk_insert) = 0
BEGIN
    INSERT INTO leads_search (rowid, search_name, email, phone_digits)
    VALUES (new.id, new.search_name, new.email, new.phone_digits);
END;
