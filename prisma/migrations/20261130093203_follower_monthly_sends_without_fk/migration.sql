-- DropForeignKey
ALTER TABLE "follower_monthly_sends" DROP CONSTRAINT "follower_monthly_sends_account_id_fkey";

-- DropForeignKey
ALTER TABLE "follower_monthly_sends" DROP CONSTRAINT "follower_monthly_sends_follower_id_fkey";

-- A deleted follower takes its monthly counts with it (delete_rows_of_deleted: see the migration
-- send_recipients_without_fk); an account's deletion deletes its followers by cascade, and so
-- their counts.
CREATE TRIGGER followers_delete_monthly_sends AFTER DELETE ON followers
  REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_rows_of_deleted('follower_monthly_sends', 'follower_id');
