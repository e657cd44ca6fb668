-- The tracking hub in D1's own words (D1's "Tracking hub" and "Track shipment" guides):
--   PRODUCTION has one outcome, SUCCESSFUL with details.status CARD_SHIPPED;
--   SHIPMENT is PENDING, then SUCCESSFUL at every change of shipment data (a lost or returned parcel is reported
--   in the shipment and details.status, never as FAILED);
--   RETURN has one outcome, SUCCESSFUL with details.status CARD_RETURNED;
--   details.status is a tracking result: none while a production or a return is pending;
--   details.shipment has a normalised carrier message, details a production site when known;
--   carrier codes are D1's (dhl, fedex, usps-iv-api, ...).
-- Rows written before are converted to what the same events mean now.

ALTER TABLE tracking_operations ALTER COLUMN details_status DROP NOT NULL;
-- the carrier's normalised message of the last update (null: the status's own message is shown)
ALTER TABLE tracking_operations ADD COLUMN shipment_message VARCHAR(256);
ALTER TABLE tracking_operations ADD COLUMN production_site VARCHAR(64);
-- an event's content includes them: its repetition is recognised by its whole content
ALTER TABLE tracking_events ADD COLUMN message VARCHAR(256);
ALTER TABLE tracking_events ADD COLUMN production_site VARCHAR(64);

-- Carrier codes as D1 writes them. Ours were upper case; one that D1 does not list keeps its name in D1's shape.
UPDATE tracking_operations
   SET carrier = CASE carrier WHEN 'USPS' THEN 'usps-iv-api' ELSE lower(replace(carrier, '_', '-')) END
 WHERE carrier IS NOT NULL;
UPDATE tracking_events
   SET carrier = CASE carrier WHEN 'USPS' THEN 'usps-iv-api' ELSE lower(replace(carrier, '_', '-')) END
 WHERE carrier IS NOT NULL;

-- PRODUCTION: CARD_PRODUCED was the completion (now CARD_SHIPPED); a production still pending has no result yet;
-- a production reported as failed never completed: it is pending again (a production has no other outcome).
UPDATE tracking_operations SET details_status = 'CARD_SHIPPED'
 WHERE tracking_type = 'PRODUCTION' AND status = 'SUCCESSFUL';
UPDATE tracking_operations SET status = 'PENDING', details_status = NULL, end_time = NULL
 WHERE tracking_type = 'PRODUCTION' AND status <> 'SUCCESSFUL';

-- SHIPMENT: once the carrier has reported anything the operation is SUCCESSFUL; details.status is CARD_SHIPPED,
-- or CARD_RETURNED for a parcel returned to the sender (was FAILED), and a lost parcel is in the shipment status.
UPDATE tracking_operations
   SET status = 'SUCCESSFUL',
       details_status = CASE WHEN shipment_status = 'RETURNED_TO_SENDER' THEN 'CARD_RETURNED' ELSE 'CARD_SHIPPED' END,
       end_time = COALESCE(end_time, last_event_at)
 WHERE tracking_type = 'SHIPMENT' AND last_event_at IS NOT NULL;
UPDATE tracking_operations SET details_status = 'CARD_SHIPPED'
 WHERE tracking_type = 'SHIPMENT' AND last_event_at IS NULL;

-- RETURN: completed (CARD_RETURNED) stays; anything else is pending, without a result yet (a lost or bounced return
-- parcel was FAILED: it is in the shipment status now).
UPDATE tracking_operations SET status = 'PENDING', details_status = NULL, end_time = NULL
 WHERE tracking_type = 'RETURN' AND status <> 'SUCCESSFUL';

-- A shipment's operations stay open after their first update: found by carrier and tracking number whatever their
-- status (the partial index covered pending ones only).
DROP INDEX tracking_operations_pending_shipments;
CREATE INDEX tracking_operations_by_shipment ON tracking_operations (carrier, tracking_number);
