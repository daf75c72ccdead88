-- Endpoint custom headers carry credentials: attempts logged before they were masked get
-- the values of their endpoint's custom headers replaced by the mask the app now writes.
-- (The headers themselves are sealed at the next start, which needs APP_ENCRYPTION_KEY.)
UPDATE "DeliveryAttempt" a
SET "requestHeaders" = a."requestHeaders" || coalesce((
  SELECT jsonb_object_agg(k, '********')
  FROM jsonb_object_keys(e.headers) AS k
  WHERE a."requestHeaders" ? k
), '{}'::jsonb)
FROM "Delivery" d JOIN "Endpoint" e ON e.id = d."endpointId"
WHERE a."deliveryId" = d.id AND e.headers <> '{}'::jsonb;
