-- The replicas of the service alive now (partner-guard): each one's row is refreshed every heartbeat, and the
-- per-client rate limits are shared among the replicas seen in the last three (LiveReplicas). Repeatable and safe to
-- run again, like the guard's other table.
CREATE TABLE IF NOT EXISTS guard_replica (
    -- host name and HTTP port: a replica restarted in place takes its own row over
    replica_id text        PRIMARY KEY,
    seen_at    timestamptz NOT NULL
);
