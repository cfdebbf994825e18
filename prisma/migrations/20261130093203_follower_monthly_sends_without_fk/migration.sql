-- DropForeignKey
ALTER TABLE "follower_monthly_sends" DROP CONSTRAINT "follower_monthly_sends_account_id_fkey";

-- DropForeignKey
ALTER TABLE "follower_monthly_sends" DROP CONSTRAINT "follower_monthly_sends_follower_id_fkey";

-- A deleted follower takes its monthly counts with it, as the foreign keys' ON DELETE CASCADE
-- did, without their per-row checks on every count. An account's deletion deletes its followers
-- (by cascade), and so their counts.
CREATE FUNCTION delete_follower_monthly_sends() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM follower_monthly_sends s USING deleted_followers d WHERE s.follower_id = d.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER followers_delete_monthly_sends AFTER DELETE ON followers
  REFERENCING OLD TABLE AS deleted_followers
  FOR EACH STATEMENT EXECUTE FUNCTION delete_follower_monthly_sends();
