-- lagebild archive in PostgreSQL, schema version 1.
-- Applied by lagebild-store-postgres inside one transaction under an
-- advisory lock, and recorded in schema_migrations; never edit a released
-- migration, add 0002_….sql instead.

-- The folded words of a name as written by the ingest ("kim jong un"),
-- as an array for containment tests (`speaker_words @> '{kim}'`).
CREATE FUNCTION lagebild_words(folded text) RETURNS text[]
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN coalesce(folded, '') = '' THEN '{}'::text[] ELSE string_to_array(folded, ' ') END $$;

-- One row per stored article. The dedupe keys (text hash, canonical URL)
-- and the id are unique, so concurrent ingest workers insert with
-- ON CONFLICT DO NOTHING and every article ends up stored exactly once.
CREATE TABLE articles (
    seq bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    text_hash text NOT NULL UNIQUE,
    url text UNIQUE,
    title text,
    published text,
    -- First day of the publication period and its precision
    -- (1 year, 2 month, 3 day); NULL when undated.
    published_first_day date,
    published_precision smallint CHECK (published_precision BETWEEN 1 AND 3),
    source text,
    -- Source folded like names, for the case- and umlaut-blind filter.
    source_folded text,
    language text,
    -- Full text: folded German text with the built-in `german`
    -- configuration, or English text with `english`.
    search tsvector NOT NULL,
    -- The analysed document with all its layers (the JSON contract).
    document jsonb NOT NULL
);
CREATE INDEX articles_search ON articles USING gin (search);
CREATE INDEX articles_newest ON articles (published_first_day DESC NULLS LAST, seq);
CREATE INDEX articles_source ON articles (source_folded);
CREATE INDEX articles_language ON articles (language);

-- One row per archive-wide entity (`TYPE|key`); the name is the first
-- canonical name committed.
CREATE TABLE entities (
    key text PRIMARY KEY,
    name text NOT NULL,
    type text NOT NULL CHECK (type IN ('PER', 'ORG', 'LOC', 'MISC'))
);

-- Every name an entity was seen under (its name included), whole and
-- folded: the exact step of alias resolution.
CREATE TABLE entity_aliases (
    entity_key text NOT NULL REFERENCES entities (key),
    alias text NOT NULL,
    folded text NOT NULL,
    PRIMARY KEY (entity_key, alias)
);
CREATE INDEX entity_aliases_folded ON entity_aliases (folded);

-- The folded words of those names: the all-words step of resolution.
CREATE TABLE entity_alias_words (
    word text NOT NULL,
    entity_key text NOT NULL REFERENCES entities (key),
    PRIMARY KEY (word, entity_key)
);

-- Which entities an article mentions, and how often.
CREATE TABLE article_entities (
    article_seq bigint NOT NULL REFERENCES articles (seq),
    entity_key text NOT NULL REFERENCES entities (key),
    mentions integer NOT NULL CHECK (mentions > 0),
    PRIMARY KEY (article_seq, entity_key)
);
CREATE INDEX article_entities_entity ON article_entities (entity_key, article_seq);

-- Quotes with their speakers; `quote` is the quote layer's record.
CREATE TABLE quotes (
    seq bigserial PRIMARY KEY,
    article_seq bigint NOT NULL REFERENCES articles (seq),
    position integer NOT NULL,
    text text NOT NULL,
    kind text NOT NULL,
    speaker_name text,
    -- Folded words of the speaker's name (`--speaker Dempsey`).
    speaker_words text[] NOT NULL DEFAULT '{}',
    speaker_key text REFERENCES entities (key),
    role text,
    cue text,
    start_offset bigint NOT NULL,
    end_offset bigint NOT NULL,
    search tsvector NOT NULL,
    quote jsonb NOT NULL,
    UNIQUE (article_seq, position)
);
CREATE INDEX quotes_speaker_key ON quotes (speaker_key);
CREATE INDEX quotes_speaker_words ON quotes USING gin (speaker_words);
CREATE INDEX quotes_search ON quotes USING gin (search);

-- Entities mentioned inside a quote's span (`quotes --about`).
CREATE TABLE quote_entities (
    quote_seq bigint NOT NULL REFERENCES quotes (seq),
    entity_key text NOT NULL REFERENCES entities (key),
    PRIMARY KEY (quote_seq, entity_key)
);
CREATE INDEX quote_entities_entity ON quote_entities (entity_key, quote_seq);

-- Normalised time expressions (TIMEX3 values).
CREATE TABLE times (
    article_seq bigint NOT NULL REFERENCES articles (seq),
    position integer NOT NULL,
    text text NOT NULL,
    start_offset bigint NOT NULL,
    end_offset bigint NOT NULL,
    type text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (article_seq, position)
);
CREATE INDEX times_value ON times (value);

-- Amounts with unit and counted object.
CREATE TABLE amounts (
    article_seq bigint NOT NULL REFERENCES articles (seq),
    position integer NOT NULL,
    text text NOT NULL,
    start_offset bigint NOT NULL,
    end_offset bigint NOT NULL,
    value double precision,
    unit text,
    object text,
    PRIMARY KEY (article_seq, position)
);

-- Events between actors; actor keys are archive-wide entity keys when
-- the actor was resolved to an entity. `day`/`precision` are the event's
-- own date when the times layer gave one, else the publication date.
CREATE TABLE events (
    article_seq bigint NOT NULL REFERENCES articles (seq),
    position integer NOT NULL,
    type text NOT NULL,
    status text,
    mode text,
    date text,
    day date,
    precision smallint CHECK (precision BETWEEN 1 AND 3),
    source_name text,
    source_words text[] NOT NULL DEFAULT '{}',
    source_key text REFERENCES entities (key),
    target_name text,
    target_words text[] NOT NULL DEFAULT '{}',
    target_key text REFERENCES entities (key),
    -- Keys of every actor (source, target, location), for `--entity`.
    entity_keys text[] NOT NULL DEFAULT '{}',
    trigger text,
    sentence text NOT NULL,
    event jsonb NOT NULL,
    PRIMARY KEY (article_seq, position)
);
CREATE INDEX events_newest ON events (day DESC NULLS LAST, article_seq, position);
CREATE INDEX events_source ON events (source_key);
CREATE INDEX events_target ON events (target_key);
CREATE INDEX events_entities ON events USING gin (entity_keys);
