-- customer_digit_suffixes is keyed (suffix, seq). The triggers of 0005 deleted a person's suffixes
-- by seq alone, which no index serves, and joined the old rows to the new ones: every UPDATE of
-- customers read the whole table (47 ms a refresh at 20,000 people, 250 ms at 200,000; a batch of
-- 500 rows, 112 s). Now each statement deletes the (suffix, seq) pairs the old search texts had and
-- the new ones do not, and inserts the reverse, with no join: an UPDATE that changes no search text
-- (a refresh that finds what the index has) writes nothing here. Measured with 3.3 million
-- suffixes: one row 2.6 ms, 2,000 rows 0.24 s, 10,000 rows 0.84 s.
CREATE OR REPLACE FUNCTION customer_digit_suffixes_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO customer_digit_suffixes (suffix, seq) SELECT s, n.seq FROM new_rows n, customer_digit_suffixes_of(n.search_text) s;
  ELSIF TG_OP = 'UPDATE' THEN
    DELETE FROM customer_digit_suffixes d USING (
      SELECT s, o.seq FROM old_rows o, customer_digit_suffixes_of(o.search_text) s
      EXCEPT SELECT s, n.seq FROM new_rows n, customer_digit_suffixes_of(n.search_text) s) gone
    WHERE d.suffix = gone.s AND d.seq = gone.seq;
    INSERT INTO customer_digit_suffixes (suffix, seq)
      SELECT s, n.seq FROM new_rows n, customer_digit_suffixes_of(n.search_text) s
      EXCEPT SELECT s, o.seq FROM old_rows o, customer_digit_suffixes_of(o.search_text) s;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM customer_digit_suffixes d USING old_rows o, customer_digit_suffixes_of(o.search_text) s WHERE d.suffix = s AND d.seq = o.seq;
  ELSE
    TRUNCATE customer_digit_suffixes;
  END IF;
  RETURN NULL;
END;
$$;
