CREATE TABLE "customer_digit_suffixes" (
	"suffix" text COLLATE "C" NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "customer_digit_suffixes_suffix_seq_pk" PRIMARY KEY("suffix","seq")
);
--> statement-breakpoint
-- The suffixes of 3 digits or more of every run of digits in a search text (db/schema.pg.ts).
CREATE FUNCTION customer_digit_suffixes_of(search_text text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT DISTINCT substr(run[1], i) FROM regexp_matches(coalesce(search_text, ''), '[0-9]{3,}', 'g') AS run, generate_series(1, length(run[1]) - 2) AS i
$$;
--> statement-breakpoint
-- Kept by statement triggers, whatever writes customers: one INSERT ... SELECT per statement, so a
-- COPY of a million people fills the table in one pass rather than a million times.
CREATE FUNCTION customer_digit_suffixes_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO customer_digit_suffixes (suffix, seq) SELECT s, n.seq FROM new_rows n, customer_digit_suffixes_of(n.search_text) s;
  ELSIF TG_OP = 'UPDATE' THEN
    DELETE FROM customer_digit_suffixes d USING old_rows o JOIN new_rows n ON n.seq = o.seq
      WHERE d.seq = o.seq AND o.search_text IS DISTINCT FROM n.search_text;
    INSERT INTO customer_digit_suffixes (suffix, seq)
      SELECT s, n.seq FROM old_rows o JOIN new_rows n ON n.seq = o.seq, customer_digit_suffixes_of(n.search_text) s
      WHERE o.search_text IS DISTINCT FROM n.search_text;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM customer_digit_suffixes d USING old_rows o WHERE d.seq = o.seq;
  ELSE
    TRUNCATE customer_digit_suffixes;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER customers_digit_suffixes_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_digit_suffixes_follow();
--> statement-breakpoint
CREATE TRIGGER customers_digit_suffixes_update AFTER UPDATE ON customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_digit_suffixes_follow();
--> statement-breakpoint
CREATE TRIGGER customers_digit_suffixes_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_digit_suffixes_follow();
--> statement-breakpoint
CREATE TRIGGER customers_digit_suffixes_truncate AFTER TRUNCATE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION customer_digit_suffixes_follow();
--> statement-breakpoint
-- The people already indexed (sorted: appended to the B-tree in order).
INSERT INTO customer_digit_suffixes (suffix, seq) SELECT s, c.seq FROM customers c, customer_digit_suffixes_of(c.search_text) s ORDER BY 1, 2;
