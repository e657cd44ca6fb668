\set id random(1, 100000)
UPDATE x.cards SET status = CASE WHEN status = 'A' THEN 'B' ELSE 'A' END, updated_at = now() WHERE id = :id;
