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
    CONSTRAINT price_positive CHECK (price > 0)
);
CREATE INDEX books_title_idx ON books (title);
CREATE UNIQUE INDEX books_author_title ON books (author_id, title DESC);
CREATE VIEW cheap_books AS SELECT id, title, price FROM books WHERE price < 10;
CREATE SCHEMA shop;
CREATE TABLE shop.items (sku char(8) PRIMARY KEY, qty smallint DEFAULT 1);
