SELECT lsn, data FROM pg_logical_slot_get_binary_changes('events_slot', NULL, 1000, 'proto_version', '1', 'publication_names', 'events_pub', 'messages', 'true');
