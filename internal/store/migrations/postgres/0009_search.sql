-- Full-text search over organisations, the public fields of persons (name,
-- job title, bio; never e-mail or phone) and marketplace items: an
-- expression GIN index per table over search_document(title, body), so no
-- table gains a column and nothing needs keeping in sync. The 'simple'
-- configuration (no stemming, as SQLite's unicode61) over text whose case
-- and diacritics search_fold removes, since the unaccent extension may not
-- be installed. Search ranks with ts_rank_cd, title words weighted A.
CREATE FUNCTION search_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN translate(lower(t),
        'áàâäãåāăąçćčďđéèêëēėęěíìîïīįıłñńňóòôöõøōőŕřśšşťţúùûüūůűųýÿźżžÁÀÂÄÃÅĀĂĄÇĆČĎĐÉÈÊËĒĖĘĚÍÌÎÏĪĮŁÑŃŇÓÒÔÖÕØŌŐŔŘŚŠŞŤŢÚÙÛÜŪŮŰŲÝŸŹŻŽ',
        'aaaaaaaaacccddeeeeeeeeiiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzzaaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz');

CREATE FUNCTION search_document(title text, body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('simple'::regconfig, search_fold(title)), 'A')
        || setweight(to_tsvector('simple'::regconfig, search_fold(body)), 'D');

CREATE INDEX organisations_search ON organisations
    USING GIN (search_document(name, description || ' ' || city || ' ' || region));
CREATE INDEX persons_search ON persons
    USING GIN (search_document(name, job_title || ' ' || bio));
CREATE INDEX marketplace_items_search ON marketplace_items
    USING GIN (search_document(title, description));
