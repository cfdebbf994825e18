-- AlterTable
ALTER TABLE "send_batches" ADD COLUMN     "monthly_counted_at" TIMESTAMPTZ(3);
