-- The schema psql's describe commands are run against (psql_test.go).
-- Only what ringpg's DDL accepts today: no FOREIGN KEY, COLLATE,
-- identity columns, CREATE SEQUENCE or COMMENT yet.
CREATE TABLE authors (
    id serial PRIMARY KEY,
    name text NOT NULL,
    email varchar(120) UNIQUE,
    born date,
    rating numeric(4,2) DEFAULT 0 CHECK (rating >= 0)
);
CREATE TABLE books (
    id bigserial PRIMARY KEY,
    author_id integer NOT NULL,
    title text NOT NULL,
    price numeric(8,2),
    published timestamp with time zone DEFAULT now(),
    tags text[],
    CONSTRAINT price_positive CHECK (price > 0 AND price < 100000),
    CONSTRAINT sane_title CHECK (title <> '' OR price IS NULL)
);
CREATE INDEX books_title_idx ON books (title);
CREATE UNIQUE INDEX books_author_title ON books (author_id, title DESC);
CREATE INDEX books_price_idx ON books (price NULLS FIRST);
CREATE VIEW cheap_books AS SELECT id, title, price FROM books WHERE price < 10;
CREATE VIEW rated_authors AS
    SELECT a.id, upper(a.name) AS shout, a.rating * 2 AS double_rating
    FROM authors a WHERE a.rating > 1.5 AND a.email IS NOT NULL;
CREATE VIEW all_books AS SELECT * FROM books;
CREATE SCHEMA shop;
CREATE TABLE shop.items (sku char(8) PRIMARY KEY, qty smallint DEFAULT 1 CHECK (qty >= 0));
CREATE VIEW shop.stock AS SELECT sku FROM shop.items WHERE qty > 0;
CREATE TABLE shop.defaults (
    a text DEFAULT 'abc', b varchar(10) DEFAULT 'x', c char(8) DEFAULT 'y', d date DEFAULT '2000-1-2',
    e int DEFAULT -1, f numeric DEFAULT 1.5, g float8 DEFAULT 2, h boolean DEFAULT true, i int DEFAULT 1 + 2,
    j text DEFAULT 'a' || 'b', k timestamptz DEFAULT current_timestamp, l int[] DEFAULT '{1,2}',
    m bigint DEFAULT 7, o interval DEFAULT '1 day'
);
GRANT SELECT ON books TO PUBLIC;
GRANT SELECT, UPDATE ON shop.items TO PUBLIC;
GRANT USAGE ON SCHEMA shop TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA shop GRANT SELECT ON TABLES TO PUBLIC;
