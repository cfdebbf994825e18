-- CreateEnum
CREATE TYPE "SendRecordState" AS ENUM ('SELECTING', 'PREPARING', 'QUEUED', 'SENDING', 'SENT', 'PARTLY_FAILED', 'FAILED');

-- CreateEnum
CREATE TYPE "SendBatchState" AS ENUM ('PENDING', 'SUBMITTING', 'SUBMITTED', 'SENT', 'PARTLY_FAILED', 'FAILED');

-- CreateTable
CREATE TABLE "send_records" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "broadcast_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "part" TEXT NOT NULL DEFAULT 'TASK',
    "state" "SendRecordState" NOT NULL DEFAULT 'SELECTING',
    "recipient_count" INTEGER NOT NULL DEFAULT 0,
    "batch_count" INTEGER NOT NULL DEFAULT 0,
    "sent_count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "filtered_out" INTEGER NOT NULL DEFAULT 0,
    "tag_id" INTEGER,
    "untagged_count" INTEGER NOT NULL DEFAULT 0,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "send_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "send_batches" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "record_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "batch_no" INTEGER NOT NULL,
    "client_msg_id" TEXT NOT NULL,
    "recipient_count" INTEGER NOT NULL,
    "state" "SendBatchState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "msg_id" BIGINT,
    "msg_data_id" BIGINT,
    "errcode" INTEGER,
    "reason" TEXT,
    "total_count" INTEGER,
    "filter_count" INTEGER,
    "sent_count" INTEGER,
    "error_count" INTEGER,
    "submitted_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "send_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "send_record_recipients" (
    "record_id" UUID NOT NULL,
    "openid" TEXT NOT NULL,
    "follower_id" UUID NOT NULL,
    "batch_no" INTEGER NOT NULL,

    CONSTRAINT "send_record_recipients_pkey" PRIMARY KEY ("record_id","openid")
);

-- CreateIndex
CREATE INDEX "send_records_broadcast_id_idx" ON "send_records"("broadcast_id");

-- CreateIndex
CREATE INDEX "send_records_account_id_created_at_idx" ON "send_records"("account_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "send_records_task_id_part_key" ON "send_records"("task_id", "part");

-- CreateIndex
CREATE INDEX "send_batches_account_id_msg_id_idx" ON "send_batches"("account_id", "msg_id");

-- CreateIndex
CREATE UNIQUE INDEX "send_batches_record_id_batch_no_key" ON "send_batches"("record_id", "batch_no");

-- CreateIndex
CREATE INDEX "send_record_recipients_record_id_batch_no_idx" ON "send_record_recipients"("record_id", "batch_no");

-- AddForeignKey
ALTER TABLE "send_records" ADD CONSTRAINT "send_records_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "broadcast_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "send_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "send_record_recipients" ADD CONSTRAINT "send_record_recipients_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "send_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;
