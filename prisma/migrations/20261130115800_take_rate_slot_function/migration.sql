-- An account's sliding-window rate limit in one call (one round trip instead of a transaction of
-- five statements): call n of an account may start only `window_secs` after its call n-limit
-- started. Under the account's advisory lock it forgets starts older than the window, computes
-- the earliest start the limit allows (now, or the window after the oldest of the last `lim`
-- starts) and, when that start is at most `max_wait_secs` away (NULL: any wait), stores it.
-- Returns the start and whether it was stored (the slot taken); a start not stored is when a
-- slot frees. Each statement of a volatile PL/pgSQL function reads a fresh snapshot, so what
-- it reads after taking the lock includes every start committed by the lock's previous holder.
CREATE FUNCTION take_rate_slot(account uuid, lim integer, window_secs float8, max_wait_secs float8)
RETURNS TABLE (starts_at timestamptz, taken boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  recent_count integer;
  oldest timestamptz;
  start timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('wxcast:rate:' || account::text));
  DELETE FROM rate_limit_slots s
    WHERE s.account_id = account AND s.starts_at < clock_timestamp() - make_interval(secs => window_secs);
  SELECT count(*), min(r.starts_at) INTO recent_count, oldest FROM (
    SELECT s.starts_at FROM rate_limit_slots s WHERE s.account_id = account ORDER BY s.starts_at DESC LIMIT lim
  ) r;
  start := CASE WHEN recent_count < lim THEN clock_timestamp()
                ELSE greatest(clock_timestamp(), oldest + make_interval(secs => window_secs)) END;
  IF max_wait_secs IS NOT NULL AND start > clock_timestamp() + make_interval(secs => max_wait_secs) THEN
    RETURN QUERY SELECT start, false;
    RETURN;
  END IF;
  INSERT INTO rate_limit_slots (account_id, starts_at) VALUES (account, start);
  RETURN QUERY SELECT start, true;
END
$$;
