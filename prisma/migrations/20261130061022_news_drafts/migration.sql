-- AlterTable
ALTER TABLE "material_articles" ADD COLUMN     "need_open_comment" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "only_fans_can_comment" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "send_batches" ADD COLUMN     "media_id" TEXT;

-- AlterTable
ALTER TABLE "send_records" ADD COLUMN     "draft_media_id" TEXT,
ADD COLUMN     "drafts_deleted_at" TIMESTAMPTZ(3);
