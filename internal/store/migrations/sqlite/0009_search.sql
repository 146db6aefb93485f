-- Full-text search over organisations, the public fields of persons (name,
-- job title, bio; never e-mail or phone) and marketplace items. One FTS5
-- table holds a document per row, kept in sync by triggers. Its rowid says
-- what it indexes: id*4+1 an organisation, id*4+2 a person, id*4+3 an item.
-- The tokenizer folds case and diacritics ("donostiá" finds "Donostia");
-- Search ranks with bm25, a title word worth ten of the body.
CREATE VIRTUAL TABLE search_documents USING fts5(
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_documents (rowid, title, body)
    SELECT id * 4 + 1, name, description || ' ' || city || ' ' || region FROM organisations;
INSERT INTO search_documents (rowid, title, body)
    SELECT id * 4 + 2, name, job_title || ' ' || bio FROM persons;
INSERT INTO search_documents (rowid, title, body)
    SELECT id * 4 + 3, title, description FROM marketplace_items;

CREATE TRIGGER organisations_search_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO search_documents (rowid, title, body)
        VALUES (new.id * 4 + 1, new.name, new.description || ' ' || new.city || ' ' || new.region);
END;
CREATE TRIGGER organisations_search_update AFTER UPDATE ON organisations BEGIN
    DELETE FROM search_documents WHERE rowid = old.id * 4 + 1;
    INSERT INTO search_documents (rowid, title, body)
        VALUES (new.id * 4 + 1, new.name, new.description || ' ' || new.city || ' ' || new.region);
END;
CREATE TRIGGER organisations_search_delete AFTER DELETE ON organisations BEGIN
    DELETE FROM search_documents WHERE rowid = old.id * 4 + 1;
END;

CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
    INSERT INTO search_documents (rowid, title, body)
        VALUES (new.id * 4 + 2, new.name, new.job_title || ' ' || new.bio);
END;
CREATE TRIGGER persons_search_update AFTER UPDATE OF name, job_title, bio ON persons BEGIN
    DELETE FROM search_documents WHERE rowid = old.id * 4 + 2;
    INSERT INTO search_documents (rowid, title, body)
        VALUES (new.id * 4 + 2, new.name, new.job_title || ' ' || new.bio);
END;
CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN
    DELETE FROM search_documents WHERE rowid = old.id * 4 + 2;
END;

CREATE TRIGGER marketplace_items_search_insert AFTER INSERT ON marketplace_items BEGIN
    INSERT INTO search_documents (rowid, title, body)
        VALUES (new.id * 4 + 3, new.title, new.description);
END;
CREATE TRIGGER marketplace_items_search_update AFTER UPDATE ON marketplace_items BEGIN
    DELETE FROM search_documents WHERE rowid = old.id * 4 + 3;
    INSERT INTO search_documents (rowid, title, body)
        VALUES (new.id * 4 + 3, new.title, new.description);
END;
CREATE TRIGGER marketplace_items_search_delete AFTER DELETE ON marketplace_items BEGIN
    DELETE FROM search_documents WHERE rowid = old.id * 4 + 3;
END;
