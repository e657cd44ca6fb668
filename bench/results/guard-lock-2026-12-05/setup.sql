-- The table of bench/results/guard-checkpoint-2026-12-04 (1,000,000 kept answers), on the embedded PostgreSQL 17 (bench/start-postgres.sh 55497 DIR).
\ir ../guard-checkpoint-2026-12-04/setup.sql
