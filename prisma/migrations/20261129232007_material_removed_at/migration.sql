-- AlterTable
ALTER TABLE "materials" ADD COLUMN     "removed_at" TIMESTAMPTZ(3);
