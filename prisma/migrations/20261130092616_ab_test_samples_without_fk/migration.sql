/*
  Warnings:

  - The primary key for the `ab_test_samples` table will be changed. If it partially fails, the table could be left without primary key constraint.

*/
-- DropForeignKey
ALTER TABLE "ab_test_samples" DROP CONSTRAINT "ab_test_samples_follower_id_fkey";

-- DropForeignKey
ALTER TABLE "ab_test_samples" DROP CONSTRAINT "ab_test_samples_task_id_fkey";

-- DropIndex
DROP INDEX "ab_test_samples_task_id_position_idx";

-- AlterTable
ALTER TABLE "ab_test_samples" DROP CONSTRAINT "ab_test_samples_pkey",
ADD CONSTRAINT "ab_test_samples_pkey" PRIMARY KEY ("task_id", "position", "follower_id");

-- A deleted broadcast task takes its A/B samples with it (delete_rows_of_deleted: see the
-- migration send_recipients_without_fk). The follower key goes without a replacement: followers
-- are deleted only with their account, whose broadcasts and tasks go too.
CREATE TRIGGER broadcast_tasks_delete_ab_test_samples AFTER DELETE ON broadcast_tasks
  REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION delete_rows_of_deleted('ab_test_samples', 'task_id');
