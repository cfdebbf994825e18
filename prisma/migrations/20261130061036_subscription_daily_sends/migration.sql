-- AlterTable
ALTER TABLE "send_batches" ADD COLUMN     "filtered_out" INTEGER;

-- CreateTable
CREATE TABLE "subscription_daily_sends" (
    "batch_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "record_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "msg_id" BIGINT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_daily_sends_pkey" PRIMARY KEY ("batch_id")
);

-- CreateIndex
CREATE INDEX "subscription_daily_sends_account_id_day_idx" ON "subscription_daily_sends"("account_id", "day");

-- AddForeignKey
ALTER TABLE "subscription_daily_sends" ADD CONSTRAINT "subscription_daily_sends_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "send_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_daily_sends" ADD CONSTRAINT "subscription_daily_sends_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "official_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
